"""Session 8, katapult-can: a single `cansend` frame refused with ENOBUFS (the queue does not drain: not a short
txqueuelen), and klippy.log's CAN statistics of 2025 and later (extras/canbus_stats.py: "canstat_NAME: bus_state=..."
in the Stats lines, "USB CANBUS bridge 'NAME' is discarding!"). Lines are real pastes (intrepidcs/libicsneo#17,
linux-can/can-utils#367, hardbyte/python-can#2004, zombieCraig/ICSim#13) or written in Klipper's own format
(klippy/extras/canbus_stats.py, its stats() and handle_usb_canbus_state()); each test can fail."""

from __future__ import annotations

from typing import Any

from textkit import facts, first


def can_events(text: str) -> list[dict[str, Any]]:
    return list((facts(text).get("can") or {}).get("events", []))


def log_events(text: str) -> list[dict[str, Any]]:
    return list(((facts(text).get("klipper") or {}).get("log") or {}).get("events", []))


# ---- can-utils: one cansend frame refused --------------------------------------------------------------------------

# intrepidcs/libicsneo#17: the icsscand daemon had stalled; restarting it was the only recovery
ONE_FRAME = """\
$ cansend can1 001#0000
write: No buffer space available
...
$ ifconfig
can1      Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00
          UP RUNNING NOARP  MTU:72  Metric:1
          RX packets:5380670 errors:0 dropped:0 overruns:0 frame:0
          TX packets:2034510 errors:0 dropped:0 overruns:0 carrier:0
          collisions:0 txqueuelen:10
"""

# zombieCraig/ICSim#13: a program floods the interface; txqueuelen 1000 fixed it
FLOOD = """\
sudo slcand -o -c -s5 /dev/serial/by-id/*CANtact*-if00 can0
sudo ifconfig can0 up
write: No buffer space available
write: No buffer space available
write: No buffer space available
"""


def test_a_single_cansend_refusal_is_marked_as_one_frame() -> None:
    evs = [e for e in can_events(ONE_FRAME) if e["kind"] == "can_no_buffer"]
    assert evs and evs[0].get("command") == "cansend"


def test_a_single_cansend_refusal_does_not_blame_the_queue_length() -> None:
    # a queue of 10 cannot overflow from one frame: something stopped draining it
    assert first(ONE_FRAME) != "CAN006"
    assert first(ONE_FRAME) is not None  # still a failure, never silent


def test_a_program_flooding_the_queue_still_is_the_queue() -> None:
    evs = [e for e in can_events(FLOOD) if e["kind"] == "can_no_buffer"]
    assert evs and not any(e.get("command") == "cansend" for e in evs)
    assert first(FLOOD) == "CAN006"


def test_a_flood_after_one_cansend_line_is_not_all_one_frame() -> None:
    text = "cansend can0 123#00\n" + "write: No buffer space available\n" * 5
    evs = [e for e in can_events(text) if e["kind"] == "can_no_buffer"]
    assert sum(1 for e in evs if e.get("command") == "cansend") <= 1


# ---- klippy.log: canbus_stats in the Stats lines (Klipper 2025-01 and later) ---------------------------------------

STATS_OK = (
    "Stats 1502.4: gcodein=0  mcu: mcu_awake=0.002 bytes_write=5301 bytes_read=12834 bytes_retransmit=0 freq=64000143 "
    "canstat_mcu: bus_state=active rx_error=0 tx_error=0 tx_retries=0 EBBCan: mcu_awake=0.001 bytes_write=2012 "
    "bytes_read=8140 bytes_retransmit=0 canstat_EBBCan: bus_state=active rx_error=0 tx_error=0 tx_retries=0\n"
)
STATS_PASSIVE = STATS_OK.replace("1502.4", "1503.4").replace(
    "canstat_EBBCan: bus_state=active rx_error=0 tx_error=0", "canstat_EBBCan: bus_state=passive rx_error=12 tx_error=130")
STATS_RISING = STATS_OK.replace("1502.4", "1503.4").replace(
    "canstat_EBBCan: bus_state=active rx_error=0 tx_error=0", "canstat_EBBCan: bus_state=active rx_error=7 tx_error=0")


def test_healthy_canstat_lines_give_no_event_and_no_finding() -> None:
    text = STATS_OK + STATS_OK.replace("1502.4", "1503.4")
    assert not [e for e in log_events(text) if e["kind"] == "can_bus_stats"]
    assert first(text) is None


def test_a_passive_can_mcu_is_a_bus_fault() -> None:
    text = STATS_OK + STATS_PASSIVE + "Lost communication with MCU 'EBBCan'\n"
    (ev,) = [e for e in log_events(text) if e["kind"] == "can_bus_stats"]
    assert (ev["name"], ev["bus_state"], ev["tx_error"]) == ("EBBCan", "passive", 130)
    assert first(text) == "CAN004"


def test_error_counters_that_grow_are_a_bus_fault() -> None:
    (ev,) = [e for e in log_events(STATS_OK + STATS_RISING) if e["kind"] == "can_bus_stats"]
    assert ev["rise"] == 7 and ev["bus_state"] == "active"
    assert first(STATS_OK + STATS_RISING) == "CAN004"


def test_rp2040_retries_alone_are_not_errors() -> None:
    # rp2XXX nodes report tx_retries (contention) and always active / tx_error 0 (docs/Status_Reference.md)
    text = STATS_OK + STATS_OK.replace("1502.4", "1503.4").replace("tx_retries=0\n", "tx_retries=40\n")
    assert not [e for e in log_events(text) if e["kind"] == "can_bus_stats"]


def test_a_discarding_usb_can_bridge_is_a_bus_fault() -> None:
    text = "USB CANBUS bridge 'mcu' is discarding!\n"
    assert [e["name"] for e in log_events(text) if e["kind"] == "can_bridge_discarding"] == ["mcu"]
    assert first(text) == "CAN004"
    assert not [e for e in log_events("USB CANBUS bridge 'mcu' is no longer discarding.\n") if e["kind"] == "can_bridge_discarding"]
