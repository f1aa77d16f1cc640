"""The CAN message tables: ip link, canbus_query.py / python-can, kernel and network-service CAN messages,
can-utils, ifconfig and the interface configuration files. Lines are real (from the cases and the tools'
sources); each test can fail."""

from __future__ import annotations

import re
from typing import Any

import pytest

from doctor.parsers import can_config, can_kernel, can_utils, canbus_query, ifconfig, ip_link, parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "t.txt")


def can_events(text: str) -> list[dict[str, Any]]:
    can = facts(text).get("can") or {}
    out = list(can.get("events") or [])
    for q in can.get("queries") or []:
        out += q.get("events") or []
    return out


def kinds(text: str) -> list[str]:
    return [e["kind"] for e in can_events(text)]


@pytest.mark.parametrize("module", [ip_link, canbus_query, can_kernel, can_utils, ifconfig, can_config])
def test_every_row_example_matches_its_row(module: Any) -> None:
    for row in module.MESSAGES:
        assert row.example, row.pattern
        assert re.search(row.pattern, row.example.strip()), (row.pattern, row.example)
        assert row.src, row.pattern


# ---- ip link -------------------------------------------------------------------------------------------------

BUS_OFF = """\
4: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 10
    link/can  promiscuity 0 minmtu 0 maxmtu 0
    can state BUS-OFF restart-ms 100
          bitrate 100000 sample-point 0.850
          mcp251x: tseg1 3..16 tseg2 2..8 sjw 1..4 brp 1..64 brp-inc 1
          clock 4000000
          re-started bus-errors arbit-lost error-warn error-pass bus-off
          0          0          0          26129      26130      0         numtxqueues 1 numrxqueues 1
    RX: bytes  packets  errors  dropped overrun mcast
    101709     19750    0       2       0       0
    TX: bytes  packets  errors  dropped carrier collsns
    0          0        7       0       0       0
"""


def test_ip_link_details_statistics() -> None:
    (iface,) = facts(BUS_OFF)["can"]["interfaces"]
    assert iface["name"] == "can0" and iface["up"] and iface["txqueuelen"] == 10
    assert iface["can_state"] == "BUS-OFF" and iface["bitrate"] == 100000 and iface["driver"] == "mcp251x"
    assert (iface["error_warn"], iface["error_pass"], iface["bus_off"], iface["restarts"]) == (26129, 26130, 0, 0)
    assert iface["tx_errors"] == 7 and iface["rx_errors"] == 0
    assert iface["line"].startswith("can state BUS-OFF")  # the evidence of a bus fault is the state line


def test_ip_link_berr_counter_and_down() -> None:
    text = ("3: can0: <NO-CARRIER,NOARP,UP,ECHO> mtu 16 qdisc pfifo_fast state DOWN mode DEFAULT group default qlen 10\n"
            "link/can  promiscuity 0\ncan state BUS-OFF (berr-counter tx 248 rx 0) restart-ms 0\n")
    (iface,) = facts(text)["can"]["interfaces"]
    assert iface["berr_tx"] == 248 and iface["operstate"] == "DOWN"
    stopped = facts("2: can0: <NOARP,ECHO> mtu 16 qdisc noop state DOWN mode DEFAULT group default qlen 1024\n"
                    "    link/can  promiscuity 0 minmtu 0 maxmtu 0\n    can state STOPPED restart-ms 0\n")["can"]["interfaces"][0]
    assert stopped["up"] is False and stopped["can_state"] == "STOPPED"


@pytest.mark.parametrize(("line", "kind"), [
    ('Cannot find device "can0"', "can_no_device"),
    ('output : Cannot find device "can0"', "can_no_device"),
    ('Device "can0" does not exist.', "can_no_device"),
    ("RTNETLINK answers: Operation not supported", "can_not_supported"),
    ("RTNETLINK answers: Device or resource busy", "can_busy"),
    ("RTNETLINK answers: Protocol error", "can_rtnetlink_error"),
])
def test_ip_errors(line: str, kind: str) -> None:
    assert kinds(line) == [kind]


def test_ip_missing_device_is_an_interface_that_does_not_exist() -> None:
    (iface,) = facts('Cannot find device "can0"')["can"]["interfaces"]
    assert iface == {**iface, "name": "can0", "exists": False}
    assert "interfaces" not in facts('Cannot find device "eth7"')["can"]


# ---- canbus_query.py and python-can ---------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "kind", "errno"), [
    ("OSError: [Errno 100] Network is down", "can_network_down", 100),
    ("can.CanError: Failed to transmit: [Errno 100] Network is down", "can_network_down", 100),
    ("can.exceptions.CanOperationError: Failed to transmit: Network is down [Error Code 100]", "can_network_down", 100),
    ("OSError: [Errno 19] No such device", "can_no_device", 19),
    ("OSError: [Errno 6] No such device or address", "can_no_device", 6),
    ("mcu 'EBBCan': Unable to open CAN port: Failed to transmit: [Errno 105] No buffer space available", "can_no_buffer", 105),
    ("can.exceptions.CanOperationError: Failed to transmit: No buffer space available [Error Code 105]", "can_no_buffer", 105),
    ("Internal error during connect: [Errno 19] No such device", "can_no_device", 19),
    ("canbus_query.py can0\nOSError: [Errno 22] Invalid argument", "can_query_error", 22),
])
def test_python_can_errors_in_both_wordings(line: str, kind: str, errno: int) -> None:
    evs = [e for e in can_events(line) if e["kind"] == kind]
    assert evs and evs[0]["errno"] == errno and evs[0]["fail"] is True


def test_query_total_nodes_and_benign_shutdown_warning() -> None:
    text = ("python3 scripts/canbus_query.py can0\nFound canbus_uuid=44DB3D634885, Application: Klipper\n"
            "Total 1 uuids found\nSocketcanBus was not properly shut down\n")
    f = facts(text)
    (run,) = f["can"]["queries"]
    assert run["found"] == 1 and run["interface"] == "can0"
    assert f["can"]["nodes"][0]["uuid"] == "44db3d634885"
    assert not (f.get("text") or {}).get("failures")


def test_serial_port_errors_are_not_taken_for_can() -> None:
    assert kinds("OSError: [Errno 16] Device or resource busy: '/dev/ttyUSB0'") == []
    assert kinds("OSError: [Errno 19] No such device: '/dev/ttyACM0'") == []


def test_chained_traceback_reports_the_errno_once() -> None:
    text = ("OSError: [Errno 100] Network is down\n\nDuring handling of the above exception, another exception occurred:\n\n"
            "can.CanError: Failed to transmit: [Errno 100] Network is down\n")
    assert kinds(text) == ["can_network_down"]


def test_missing_python_can() -> None:
    assert kinds("ModuleNotFoundError: No module named 'can'") == ["can_python_missing"]


# ---- kernel and network services ------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "kind"), [
    ("mcp251x spi0.0: Cannot initialize MCP2515. Wrong wiring?", "can_controller_failed"),
    ("[1.337502] mcp251x spi3.0: Cannot initialize MCP2515. Wrong wiring?", "can_controller_failed"),
    ("[    6.611888] mcp251x spi0.0: MCP251x didn't enter in conf mode after reset", "can_controller_failed"),
    ("[1.345747] mcp251x spi3.0: Probefailed, err=19", "can_controller_failed"),
    ("[    4.065180] mcp25xxfd spi1.0: Probe failed, err=84", None),  # the out-of-tree driver's name is not claimed
    ("Mar 01 12:00:01 pi kernel: mcp251x: probe of spi0.0 failed with error -110", "can_controller_failed"),
    ("[   86.503446] gs_usb 1-1.1.2:1.0 can0: bit-timing not yet defined", "can_no_bitrate"),
    ("[    2.324192] mcp251x spi0.0 can0: MCP2515 successfully initialized.", "can_controller_ok"),
    ("[   10.530170] IPv6: ADDRCONF(NETDEV_CHANGE): can0: link becomes ready", "can_link_ready"),
    ("gs_usb 1-1.3:1.0 can0: Couldn't start device (err=-32)", "can_adapter_error"),
    ("Feb 23 20:59:10 host systemd-networkd[394]: can0: Failed to set CAN interface configurations: Protocol error", "can_config_failed"),
    ("ifup: unknown interface can0", "can_config_unknown"),
])
def test_kernel_and_service_messages(line: str, kind: str | None) -> None:
    assert kinds(line) == ([kind] if kind else [])


def test_kernel_code_is_an_int_and_kernel_lines_stay_with_the_kernel_parser() -> None:
    text = ("[   43.832205] can: controller area network core\n"
            "[   86.503446] gs_usb 1-1.1.2:1.0 can0: bit-timing not yet defined\n")
    f = facts(text)
    assert [e["kind"] for e in f["kernel"]["events"]] == ["can_core"]
    assert [e["kind"] for e in f["can"]["events"]] == ["can_no_bitrate"]
    assert can_kernel.classify("mcp251x spi0.0: Probe failed, err=19") == ("can_controller_failed", {"device": "spi0.0", "code": 19, "fail": True})


# ---- can-utils -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "kind"), [
    ("SIOCGIFINDEX: No such device", "can_no_device"),
    ("socket: Address family not supported by protocol", "can_not_supported"),
    ("write: Network is down", "can_network_down"),
    ("write: No buffer space available", "can_no_buffer"),
    ("`No buffer space available`", "can_no_buffer"),
    ("Wrong CAN-frame format!", "can_frame_format"),
])
def test_can_utils_errors(line: str, kind: str) -> None:
    assert kinds(line) == [kind]


def test_candump_counts_frames_and_keeps_serious_error_classes() -> None:
    text = ("candump -e can0\n  can0  3F0   [8]  00 00 00 00 00 00 00 00\n  can0  3F1   [8]  11 22 33 44 55 66 77 88\n"
            "  can0  20000080   [8]  00 00 00 00 00 00 00 00   ERRORFRAME\n\tbus-off\n\tbus-error\n")
    f = facts(text)
    (dump,) = f["can"]["dumps"]
    assert dump["frames"] == 2 and dump["error_frames"] == 1
    assert [(e["kind"], e["text"], e["interface"]) for e in f["can"]["events"]] == [("can_error_frame", "bus-off", "can0")]


# ---- ifconfig ------------------------------------------------------------------------------------------------

def test_ifconfig_new_layout() -> None:
    text = ("can0: flags=193<UP,RUNNING,NOARP>  mtu 16\n"
            "        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 1024  (UNSPEC)\n"
            "        RX errors 8  dropped 0  overruns 0  frame 0\n"
            "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
            "        ether dc:a6:32:63:ae:9f  txqueuelen 1000  (Ethernet)\n")
    can = facts(text)["can"]
    (iface,) = can["interfaces"]
    assert iface["name"] == "can0" and iface["up"] and iface["txqueuelen"] == 1024 and iface["rx_errors"] == 8
    assert [(l["name"], l["link_type"]) for l in can["links"]] == [("can0", "can"), ("eth0", "ether")]


def test_ifconfig_old_layout_and_down_link() -> None:
    text = ("can0      Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00\n"
            "          NOARP  MTU:16  Metric:1\n          collisions:0 txqueuelen:10\n")
    (iface,) = facts(text)["can"]["interfaces"]
    assert iface["up"] is False and iface["txqueuelen"] == 10


@pytest.mark.parametrize(("line", "kind"), [
    ("can0: ERROR while getting interface flags: No such device", "can_no_device"),
    ("can0: error fetching interface information: Device not found", "can_no_device"),
    ("SIOCSIFFLAGS: Invalid argument", "can_no_bitrate"),
])
def test_ifconfig_errors(line: str, kind: str) -> None:
    assert kinds(line) == [kind]


# ---- configuration files -------------------------------------------------------------------------------------

def test_interfaces_d_can0() -> None:
    text = ("allow-hotplug can0\niface can0 can static\n    bitrate 500000\n    up ifconfig $IFACE txqueuelen 1024\n"
            "    post-up /sbin/ip link set up $IFACE type can bitrate 500000\n")
    (cfg,) = facts(text)["can"]["configs"]
    assert (cfg["name"], cfg["kind"], cfg["bitrate"], cfg["txqueuelen"]) == ("can0", "ifupdown", 500000, 1024)


def test_networkd_files() -> None:
    text = "[Match]\nName=can0\n\n[CAN]\nBitRate=1M\nRestartSec=0.1s\n"
    (cfg,) = facts(text)["can"]["configs"]
    assert (cfg["kind"], cfg["bitrate"]) == ("networkd", 1000000)
    (link,) = facts("[Match]\nOriginalName=can0\n\n[Link]\nTransmitQueueLength=128\n")["can"]["configs"]
    assert link["txqueuelen"] == 128


def test_long_candump_parses_fast() -> None:
    import time

    line = "  can0  3F0   [8]  00 11 22 33 44 55 66 77\n"
    start = time.perf_counter()
    f = facts(line * 50000)
    assert f["can"]["dumps"][0]["frames"] == 50000
    assert time.perf_counter() - start < 5
