"""Session 12, robotics-ros: rows and rules for robot links (doctor/parsers/robotics.py): rosserial_python's sync failure,
the SLAMTEC lidar SDK demos' and ROS nodes' "cannot bind", YDLIDAR's lock failure, ROBOTIS opencr_ld's bootloader time-out
and MAVROS's DeviceError on opening the FCU's serial port."""

from __future__ import annotations

import pytest

from textkit import events, first, serious

SYNC = ("Unable to sync with device; possible link problem or link software version mismatch such as hydro "
        "rosserial_python with groovy Arduino")


def test_rosserial_no_sync_at_another_rate_than_57600_is_ser007() -> None:
    text = f"""[INFO] [WallTime: 1428602466.003588] ROS Serial Python Node
[INFO] [WallTime: 1428602466.016732] Connecting to /dev/ttyACM0 at 9600 baud
[ERROR] [WallTime: 1428602483.124382] {SYNC}"""
    ev = [e for e in events(text, "serial", "rosserial") if e["kind"] == "rosserial_no_sync"][0]
    assert ev["baud"] == 9600 and ev["port"] == "/dev/ttyACM0"
    assert first(text) == "SER007"


def test_rosserial_bare_no_sync_is_ser007_first() -> None:
    assert first(f"[ERROR] [WallTime: 1431828258.146892] {SYNC}") == "SER007"  # start-jsk/jsk_apc#558


def test_rosserial_healthy_run_and_permission() -> None:
    healthy = """[INFO] [1534898274.948213]: ROS Serial Python Node
[INFO] [1534898274.952975]: Connecting to /dev/ttyACM0 at 57600 baud
[INFO] [1534898277.081039]: Note: publish buffer size is 512 bytes
[INFO] [1534898277.081769]: Setup publisher on lwheel [std_msgs/Int16]"""
    assert serious(healthy) == []
    denied = """[INFO] [1531299592.175610]: Connecting to /dev/ttyACM0 at 115200 baud
[ERROR] [1531299592.178153]: Error opening serial: [Errno 13] could not open port /dev/ttyACM0: [Errno 13] Permission denied: '/dev/ttyACM0'"""
    assert first(denied) == "SER004"


@pytest.mark.parametrize("text", [
    "Ultra simple LIDAR data grabber for RPLIDAR.\nVersion: 1.12.0\nError, cannot bind to the specified serial port /dev/ttyUSB0.",
    "Ultra simple LIDAR data grabber for SLAMTEC LIDAR.\nVersion: 2.1.0\nError, cannot bind to the specified serial port /dev/ttyUSB0.",
])
def test_sdk_demo_cannot_bind_is_the_lidars_rate_ser007(text: str) -> None:
    ev = [e for e in events(text, "serial", "lidar-sdk") if e["kind"] == "lidar_cannot_bind"][0]
    assert ev["via"] == "sdk-demo" and ev["port"] == "/dev/ttyUSB0"
    assert first(text) == "SER007"


def test_ros_node_cannot_bind_is_the_open_ser004() -> None:
    text = "[ERROR] [1535647334.151867876]: Error, cannot bind to the specified serial port /dev/ttyUSB0."
    assert [e["via"] for e in events(text, "serial", "lidar-sdk")] == ["ros-node"]
    assert first(text) == "SER004"


def test_ydlidar_stale_lock_is_ser003() -> None:
    text = """check_lock_status: device is locked by another application
fhs_lock() lockstatus fail
Could not lock serial port for exclusive access
[CYdLidar] Error, cannot bind to the specified serial port[/dev/ydlidar] and baudrate[128000]"""
    assert first(text) == "SER003"


def test_healthy_rplidar_node_is_quiet() -> None:
    text = """[ INFO] [1629989727.080440302]: RPLIDAR running on ROS package rplidar_ros. SDK Version:1.12.0
RPLIDAR S/N: D1959A86C0E09CC4A2E09DF743473074
[ INFO] [1629989729.600505559]: RPLidar health status : 0"""
    assert serious(text) == []


@pytest.mark.parametrize("line", ["cmd_read_board_name fail : 0xF020", "[NG] cmd_read_board_name fail : 0xF020", "Fail to jump to boot"])
def test_opencr_ld_bootloader_timeout_is_boot001(line: str) -> None:
    text = f"opencr_ld ver 1.0.2\nopencr_ld_main\nOpen port OK\nClear Buffer Start\nClear Buffer End\n{line}"
    assert first(text) == "BOOT001"


@pytest.mark.parametrize("line, fid", [
    ("[FATAL] [1442667710.11]: FCU: DeviceError:serial:open: Permission denied", "SER004"),
    ("[FATAL] [1494513763.016715558]: FCU: DeviceError:serial:open: No such file or directory", "SER005"),
    ("[FATAL] [1494513763.016715558]: FCU: DeviceError:serial:open: Device or resource busy", "SER002 SER003"),  # ttyACM busy: ModemManager first
])
def test_mavros_device_error_rows(line: str, fid: str) -> None:
    text = f"[ INFO] [1494513763.015]: serial0: device: /dev/ttyACM0 @ 57600 bps\n{line}"
    assert events(text, "serial", "mavros")[0]["port"] == "/dev/ttyACM0"
    assert first(text) in fid.split()


def test_mavros_state_not_connected_is_a_failure() -> None:
    assert first("header: \n  seq: 0\n  frame_id: ''\nconnected: False\narmed: False\nmode: ''") == "GEN001"


def test_odrivetool_usb_access_error_is_usb004_and_healthy_is_quiet() -> None:
    text = "ODrive control utility v0.6.5.post2\nWaiting for ODrive...\n[USB] Could not open USB device: -3"
    assert [e["kind"] for e in events(text, "flash", "odrivetool")] == ["usb_access_denied"]
    assert first(text) == "USB004"
    healthy = """ODrive control utility v0.6.5.post2
Please connect your ODrive.
You can also type help() or quit().

Connected to ODrive v3.6 3763344D3235 (firmware v0.5.6) as odrv0"""
    assert serious(healthy) == []
