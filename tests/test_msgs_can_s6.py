"""Session 6, can-katapult: the rows and rules added for message families seen in unseen threads. Lines are real (from
the cases' pastes, or the tools' own source: iproute2 lib/utils.c duparg2, BusyBox libiproute/utils.c, Katapult
scripts/flashtool.py dd8b0a0..604b7e5, CPython's "can't open file"); each test can fail."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "t.txt")


def first(text: str) -> str | None:
    found = [f for f in engine.evaluate(facts(text)) if f.severity in ("error", "warning") and not f.secondary_to]
    return found[0].id if found else None


def can_events(text: str) -> list[dict[str, Any]]:
    return list((facts(text).get("can") or {}).get("events") or [])


# ---- ip: a word it does not know taken for a second link name -------------------------------------------------

@pytest.mark.parametrize("line", [
    'ip: either "dev" is duplicate, or "type" is garbage',                      # BusyBox before 1.37
    'Error: either "dev" is duplicate, or "type" is a garbage.',               # iproute2 2.6-3.x wording
    '~c"ip: either \\"dev\\" is duplicated or \\"type\\" is garbage\\n"',      # an Elixir shell quoting it (Nerves)
])
def test_ip_without_can_link_type_is_a_missing_tool(line: str) -> None:
    (ev,) = [e for e in can_events(line) if e["kind"] == "can_ip_unknown_word"]
    assert ev["option"] == "type" and ev.get("fail")
    assert first(line) == "TOOL001"


def test_can_setting_without_type_can_is_a_link_without_bitrate() -> None:
    text = '$ sudo ip link set can0 up bitrate 500000\nError: either "dev" is duplicate, or "bitrate" is garbage.\n'
    assert [e["option"] for e in can_events(text) if e["kind"] == "can_ip_unknown_word"] == ["bitrate"]
    assert first(text) == "CAN001"


def test_busybox_ifconfig_prefix_is_still_no_bitrate() -> None:
    assert [e["kind"] for e in can_events("ifconfig: SIOCSIFFLAGS: Invalid argument")] == ["can_no_bitrate"]
    assert first("ifconfig: SIOCSIFFLAGS: Invalid argument") == "CAN001"


def test_can_config_failure_is_never_silent() -> None:
    # a CAN failure that no entry explains is still quoted (GEN001 reads can.events too)
    text = "RTNETLINK answers: Numerical result out of range"
    assert [e["kind"] for e in can_events(text)] == ["can_rtnetlink_error"]
    assert first(text) is not None


# ---- ifconfig's own TX error counter ---------------------------------------------------------------------------

OLD_IFCONFIG = """\
can0      Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00
          UP RUNNING NOARP  MTU:16  Metric:1
          RX packets:10 errors:0 dropped:0 overruns:0 frame:0
          TX packets:10 errors:9 dropped:9 overruns:0 carrier:9
          collisions:0 txqueuelen:10
"""


def test_tx_errors_on_a_can_link_point_at_the_bus() -> None:
    (iface,) = facts(OLD_IFCONFIG)["can"]["interfaces"]
    assert iface["tx_errors"] == 9
    assert first(OLD_IFCONFIG) == "CAN004"


def test_no_tx_errors_no_bus_finding() -> None:
    healthy = OLD_IFCONFIG.replace("errors:9 dropped:9 overruns:0 carrier:9", "errors:0 dropped:0 overruns:0 carrier:0")
    assert "CAN004" not in [f.id for f in engine.evaluate(facts(healthy))]


# ---- Katapult: the script is not where the command looks -------------------------------------------------------

@pytest.mark.parametrize("line", [
    "/home/user/klippy-env/bin/python: can't open file '/home/user/klipper/lib/katapult/flash_can.py': [Errno 2] No such file or directory",
    "python3: can't open file '/home/pi/klipper/lib/canboot/flash_can.py': [Errno 2] No such file or directory",
    "-bash: /home/pi/katapult/scripts/flashtool.py: No such file or directory",
])
def test_missing_flashing_script_is_a_missing_tool(line: str) -> None:
    runs = facts(line)["katapult"]["runs"]
    assert [e["kind"] for r in runs for e in r["events"]] == ["katapult_script_missing"]
    assert first(line) == "TOOL001"


def test_missing_firmware_image_is_not_a_missing_script() -> None:
    line = ("pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -u aabbccddeeff -f ~/klipper/out/klipper.bin\n"
            "FileNotFoundError: [Errno 2] No such file or directory: '/home/pi/klipper/out/klipper.bin'")
    kinds = [e["kind"] for r in facts(line)["katapult"]["runs"] for e in r["events"]]
    assert "katapult_script_missing" not in kinds and "katapult_image_missing" in kinds


# ---- Katapult: "MCU ... does not match" with the same MCU on both lines ---------------------------------------

SAME_MCU = """\
FlashError: MCU returned by Katapult does not match MCUidentified in klipper.bin.
Katapult MCU: 
Klipper Binary MCU: 
stm32g0b1xx
stm32g0b1xx
"""

OTHER_MCU = """\
MCU type: rp2040
ERROR:root:Flash Tool Error
FlashError: MCU returned by Katapult does not match MCU identified in klipper.bin.
Katapult MCU: rp2040
Klipper Binary MCU: stm32f103xe
"""


def test_same_mcu_on_both_lines_is_flashtools_own_bug_not_a_wrong_image() -> None:
    (run,) = facts(SAME_MCU)["katapult"]["runs"]
    assert run["mcu"] == "stm32g0b1xx" and run["binary_mcu"] == "stm32g0b1xx"
    assert [e["kind"] for e in run["events"]] == ["katapult_mcu_mismatch_same"]
    assert "FW002" not in [f.id for f in engine.evaluate(facts(SAME_MCU))]
    assert first(SAME_MCU) == "GEN001"  # still quoted: the run failed


def test_a_real_mcu_mismatch_stays_fw002() -> None:
    assert first(OTHER_MCU) == "FW002"


# ---- pasted from a code block: an indented `ip link` head, NVIDIA's mttcan error wording ------------------------

JETSON = """\
[  959.081658] mttcan c310000.mttcan can0: Acknowledgement Error Detected
[  959.081669] mttcan c310000.mttcan can0: IR 0x8000000 PSR 0x77b

and the link:

 2: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 72 qdisc pfifo_fast state UP mode DEFAULT group default qlen 10
      link/can  promiscuity 0 minmtu 0 maxmtu 0
      can <BERR-REPORTING,FD> state ERROR-PASSIVE (berr-counter tx 128 rx 0) restart-ms 0
        bitrate 1000000 sample-point 0.860
"""


def test_mttcan_acknowledgement_errors_are_bus_errors() -> None:
    assert [e["kind"] for e in can_events(JETSON.splitlines()[0])] == ["can_bus_errors"]


def test_indented_ip_link_head_still_opens_the_record() -> None:
    (iface,) = facts(JETSON)["can"]["interfaces"]
    assert iface["name"] == "can0" and iface["can_state"] == "ERROR-PASSIVE" and iface["berr_tx"] == 128
    assert first(JETSON) == "CAN004"


def test_iproute2_invarg_wording_of_a_missing_link() -> None:
    text = 'Error: argument "can0" is wrong: Device does not exist'
    assert [e["kind"] for e in can_events(text)] == ["can_no_device"]
    assert first(text) == "CAN002"
