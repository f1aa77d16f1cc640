"""Session 25, can gathering: (1) ros_canopen's socketcan_interface state lines (candump/socketcan_dump print_state,
socketcan_bridge stateCallback) read as what they are: a healthy state report is no failure, a bus-off or an asio errno is;
(2) a CAN bit rate configured on one line and the rate the wire runs at said on the next (CAN005, two-line prose).
Positives are gathered threads' lines (named beside them) or lines from the sources' formats (marked so)."""

from __future__ import annotations

import pytest

from textkit import events, facts, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def kinds(text: str, ns: str = "claims") -> list[str]:
    if ns == "can":  # can-utils' events sit in can.events, not in runs
        return [e["kind"] for e in (facts(text).get("can") or {}).get("events", [])]
    return [e["kind"] for e in events(text, ns)]


def severe(text: str) -> list[str]:
    return [f.id for f in findings(text) if f.severity in ("error", "warning")]


# ---- ros_canopen socketcan_interface / socketcan_bridge state lines ---------------------------------------------------

@pytest.mark.parametrize("text", [
    # ros-industrial/ros_canopen#401: the maintainer answers these are normal (renamed STATE in the next release)
    "rosrun socketcan_interface socketcan_dump can0\n"
    "ERROR: state=1 internal_error=0('OK') asio: system:0\n"
    "ERROR: state=2 internal_error=0('OK') asio: system:0\n",
    # from the source's format (candump.cpp after a8012b0)
    "STATE: driver_state=2 internal_error=0('OK') asio: system:0\n",
    # from the source's format (socketcan_bridge topic_to_socketcan.cpp ROS_INFO)
    "[ INFO] [1527859346.894875374]: Successfully connected to can0.\n"
    "[ INFO] [1527859346.894912000]: State: OK, asio: Success\n",
])
def test_ros_socketcan_healthy_state_is_no_failure(text: str) -> None:
    assert severe(text) == [], ids(text)


@pytest.mark.parametrize("text, kind, fault", [
    # from the source's format: translateError() of CAN_ERR_BUSOFF
    ("STATE: driver_state=2 internal_error=64('bus off;') asio: system:0", "can_bus_state", "CAN004"),
    ("[ERROR] [1527864707.969902135]: Error: bus off;, asio: Success", "can_bus_state", "CAN004"),
    # ros-industrial/ros_canopen#285
    ("[ INFO][1527859354.097552304][/topic_to_socketcan_node]: State: OK, asio: No buffer space available", "can_no_buffer", "CAN006"),
    # from the source's format: boost's error_code streamed as category:value
    ("ERROR: state=0 internal_error=0('OK') asio: system:100", "can_network_down", "CAN001"),
    ("STATE: driver_state=0 internal_error=0('OK') asio: system:19", "can_no_device", "CAN002"),
])
def test_ros_socketcan_failing_state(text: str, kind: str, fault: str) -> None:
    assert kind in kinds(text, "can"), kinds(text, "can")
    assert first(text) == fault, ids(text)


# ---- CAN005: the rate configured on one line, the rate on the wire on the next ----------------------------------------

@pytest.mark.parametrize("text", [
    # forums.developer.nvidia.com/t/81812 (a Jetson mttcan clock that drifted)
    "Now we have analyzed the issue and found that the clock of CAN is wrong.\n"
    "CAN is configured with 500k and \u201cip -details -statistics link show can0\u201d reflects the 500k setting.\n"
    "But in the error case CAN is working with about 450k only!\n",
    # from the rows' format
    "I set can0 to 1M bitrate on the Pi.\nThe toolhead CAN is actually running at 500k.\n",
    "The bus is configured with 250 kbit/s.\nOn the scope the CAN node is transmitting at about 125 kbit/s.\n",
])
def test_can_rate_differs_over_two_lines(text: str) -> None:
    assert "said_can_rate_differs" in kinds(text), kinds(text)
    assert first(text) == "CAN005", ids(text)


@pytest.mark.parametrize("text", [
    # the same rate on both lines, or written alike
    "CAN is configured with 500k.\nNow it is working with 500 kbps.\n",
    "I set can0 to 1M.\nThe toolhead is running at 1000k.\n",
    # a question, a hypothetical, advice
    "CAN is configured with 500k.\nIs it running at 250k?\n",
    "CAN is configured with 500k.\nWith an 8 MHz crystal it would be running at 250k.\n",
    "Make sure can0 is configured with 500k.\nIf the node is running at 250k nothing answers.\n",
    # too far apart, another bus, a car
    "CAN is configured with 500k.\n\nsome other line\nanother line\nThe CAN node is running at 250k.\n",
    "The UART is configured with 250k.\nThe serial port is running at 115k.\n",
    "My ELM327 is configured with 500k.\nThe car is running at 250k on its CAN bus.\n",
    # the configured side alone, the measured side alone
    "CAN is configured with 500k and ip -details reflects the 500k setting.\n",
    "In the error case CAN is working with about 450k only!\n",
])
def test_can_rate_differs_over_two_lines_not_said(text: str) -> None:
    assert "said_can_rate_differs" not in kinds(text), kinds(text)


# ---- review s25 -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, fault", [
    # from the source's format: init() stores the failing call's -1 (socket/SIOCGIFINDEX/bind), socketcan_dump prints it once
    ("rosrun socketcan_interface socketcan_dump can0\nSTATE: driver_state=0 internal_error=0('OK') asio: system:-1\n", "CAN002"),
    ("ERROR: state=0 internal_error=0('OK') asio: system:-1\n", "CAN002"),
    # from the source's format: translateError's CAN_ERR_CRTL / CAN_ERR_PROT classes
    ("STATE: driver_state=2 internal_error=4('controller problems;') asio: system:0\n", "CAN004"),
    ("[ERROR] [1527864707.969902135]: Error: protocol violations;, asio: Success\n", "CAN004"),
    # from the source's format: enqueue's log line before the state line
    ("socketcan_interface: FAILED system:105\n", "CAN006"),
])
def test_ros_socketcan_failure_siblings(text: str, fault: str) -> None:
    assert first(text) == fault, ids(text)


def test_ros_socketcan_other_error_class_is_no_silence() -> None:
    # from the source's format: a class with no entry (set only when it is in the driver's fatal mask), still a failure
    text = "STATE: driver_state=2 internal_error=16('transceiver status;') asio: system:0\n"
    assert ids(text) and ids(text)[0] in ("GEN001", "CAN004"), ids(text)


@pytest.mark.parametrize("text", [
    # boost asio's error codes outside ros_canopen's state line: another device, a question
    "boost asio: system:19 error when opening /dev/ttyUSB0 for the serial port\n",
    "My log shows asio: system:105 sometimes, is that normal?\n",
    "[ERROR] websocket client: asio: system:100 while connecting to the server\n",
])
def test_asio_errno_outside_state_line_is_not_can(text: str) -> None:
    assert not {"CAN002", "CAN006", "CAN001"} & set(ids(text)), ids(text)


@pytest.mark.parametrize("text", [
    # a controller's clock or a cable length, not the bus's rate
    "I configured can0 with 500k bitrate.\nThe MCP2515 CAN controller is clocked at 16MHz.\n",
    "The Jetson CAN is configured with 500k.\nThe CAN clock is running at 40 MHz.\n",
    "CAN is configured with 500k.\nThe CAN cable is running at 10 m through the drag chain.\n",
    # a rate set first and replaced in the same line
    "I configured can0 with 250k first; then I set it to 500k.\nNow the CAN node is running at 500k.\n",
    # someone else's words, a negation before the verb
    "CAN is configured with 500k.\nMy friend said the CAN node is running at 250k.\n",
    "CAN is configured with 500k.\nI don't think the CAN node is running at 250k.\n",
    # not consecutive: another line between
    "CAN is configured with 500k.\nThe UUID is 1234abcd.\nThe CAN node is running at 250k.\n",
])
def test_can_rate_two_lines_review_negatives(text: str) -> None:
    assert "said_can_rate_differs" not in kinds(text), kinds(text)


def test_can_rate_two_lines_blank_between_and_khz() -> None:
    text = "CAN is configured with 500k.\n\nOn the scope the CAN bus is running at 450 kHz.\n"
    assert "said_can_rate_differs" in kinds(text), kinds(text)
