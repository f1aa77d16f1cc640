"""Robot links (robotics-ros s12): the host programs of ROS robots that open a serial port to a microcontroller or a
sensor and say why the link failed, as message tables.

- rosserial_python (ros-drivers/rosserial 0.7-0.9, nodes/serial_node.py and src/rosserial_python/SerialClient.py):
  "ROS Serial Python Node", "Connecting to /dev/ttyACM0 at 57600 baud" (older: "Connected on ... at ... baud"),
  "Requesting topics...", then either the board's topics ("Note: publish buffer size is 512 bytes", "Setup publisher on
  ...") or, when no valid frame came back within the timeout, "Unable to sync with device; possible link problem or link
  software version mismatch such as hydro rosserial_python with groovy Arduino" (after a first sync: "Lost sync with
  device, restarting..."). The node's `_baud` must equal the rate the firmware opens its port at (rosserial_arduino's
  ArduinoHardware: 57600 unless the sketch calls setBaud), and the board must run a rosserial node.
- The SLAMTEC lidar SDK demos and ROS nodes (Slamtec/rplidar_sdk 1.x-2.x app/ultra_simple and app/simple_grabber
  main.cpp; robopeak/Slamtec rplidar_ros src/node.cpp, sllidar_ros2): "Error, cannot bind to the specified serial port
  %s." The demos print it when connect() failed OR getDeviceInfo() got no answer (at a wrong baud rate the port opens
  and the lidar stays silent); the ROS nodes print it only when connect() (opening the port) failed and report a
  silent lidar as "Error, operation time out. RESULT_OPERATION_TIMEOUT!". Events carry `via`: "sdk-demo" after the
  demo's banner ("Ultra simple LIDAR data grabber for RPLIDAR." / "... for SLAMTEC LIDAR."), "ros-node" for a ROS log
  line or after the node's banner ("RPLIDAR running on ROS package rplidar_ros").
- The YDLIDAR SDK 1.x (CYdLidar.cpp, serial lock.c): "[CYdLidar] Error, cannot bind to the specified serial
  port[/dev/ydlidar] and baudrate[128000]", after "check_lock_status: device is locked by another application" /
  "Could not lock serial port for exclusive access" when a lock file names another (or a dead) process.
- ROBOTIS opencr_ld / opencr_ld_shell (ROBOTIS-GIT/OpenCR arduino/opencr_develop, the OpenCR 1.0 uploader of the Arduino
  package and of the TurtleBot3 update.sh): "opencr_ld ver 1.0.2", "Open port OK" / "[OK] Open port : /dev/ttyACM0",
  then "cmd_read_board_name fail : 0xF020" ("[NG] ..." in the shell build): 0xF020 is def_err.h ERR_TIMEOUT, the
  bootloader never answered the board-name request (the running sketch did not hand over; firmware recovery mode: hold
  SW2, press RESET); "Fail to jump to boot" likewise.

- MAVROS (mavlink/mavros libmavconn src/serial.cpp, interface.hpp DeviceError): "serial0: device: /dev/ttyACM0 @ 57600
  bps", then the open's boost::system error as "FCU: DeviceError:serial:open: Permission denied" (DeviceError's
  "DeviceError:<module>:<what()>"); `rostopic echo /mavros/state` shows "connected: False" while no heartbeat came.

- odrivetool (ODrive 0.6, fibre-cpp libusb_transport.cpp): "[USB] Could not open USB device: -3": the ODrive is on the
  bus and libusb may not open it (LIBUSB_ERROR_ACCESS: no udev rule, `odrivetool udev-setup`).

Facts: rosserial, the lidar SDKs and MAVROS: one run per block under `serial.runs` (tool "rosserial", "lidar-sdk",
"mavros");
opencr_ld and odrivetool: `flash.runs` (tool "opencr_ld", "odrivetool").
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

ROSSERIAL = rows_of(
    group(
        "ros-drivers/rosserial 0.7-0.9 rosserial_python nodes/serial_node.py, src/rosserial_python/SerialClient.py (robotics-ros s12)",
        Msg(None, r"\bROS Serial Python Node\b", "strong", example="[INFO] [1679484144.807291]: ROS Serial Python Node"),
        Msg("rosserial_connecting", r"\bConnect(?:ing to|ed on) (?P<port>\S+) at (?P<baud>\d+) baud", "strong", convert=(("baud", int),),
            example="[INFO] [1679484144.814112]: Connecting to /dev/ttyACM0 at 57600 baud"),
        Msg(None, r"\bRequesting topics\.\.\.", "strong", example="[INFO] [1679484146.922112]: Requesting topics..."),
        Msg("rosserial_topics", r"\bNote: (?:publish|subscribe) buffer size is \d+ bytes|\bSetup (?:publisher|subscriber|service server|service client) on \S",
            "strong", example="[INFO] [1683649673.098597]: Note: publish buffer size is 512 bytes"),
        Msg("rosserial_no_sync", r"\bUnable to sync with device; possible link problem or link software version mismatch", "strong", fail=True,
            example="[ERROR] [1679484161.925963]: Unable to sync with device; possible link problem or link software version mismatch such as hydro rosserial_python with groovy Arduino"),
        Msg("rosserial_lost_sync", r"\bLost sync with device, restarting", "strong", fail=True,
            example="[ERROR] [WallTime: 1323211577.655402] Lost sync with device, restarting..."),
    ),
)

LIDAR = rows_of(
    group(
        "Slamtec rplidar_sdk 1.x-2.x app/ultra_simple/main.cpp, app/simple_grabber/main.cpp; robopeak/Slamtec rplidar_ros src/node.cpp "
        "(robotics-ros s12)",
        Msg(None, r"\b(?:Ultra simple|Simple) LIDAR data grabber for (?:RPLIDAR|SLAMTEC LIDAR)", "strong",
            example="Ultra simple LIDAR data grabber for RPLIDAR."),
        Msg(None, r"\b(?:RPLIDAR|RPLidar|SLLidar|SLLIDAR) running on ROS2? package", "strong",
            example="[ INFO] [1527505798.842747574]: RPLIDAR running on ROS package rplidar_ros. SDK Version:1.6.0"),
        Msg("lidar_cannot_bind", r"(?<!\[CYdLidar\] )Error, cannot bind to the specified serial port (?P<port>[^\s\[\]]+?)\.?\s*$", "strong", fail=True,
            example="Error, cannot bind to the specified serial port /dev/ttyUSB0."),
    ),
    group(
        "YDLIDAR sdk 1.x src/CYdLidar.cpp, src/impl/unix/lock.c (ydlidar ROS node) (robotics-ros s12)",
        Msg("lidar_cannot_bind", r"\[CYdLidar\] Error, cannot bind to the specified serial port\[(?P<port>[^\]]+)\] and baudrate\[(?P<baud>\d+)\]",
            "strong", fail=True, convert=(("baud", int),),
            example="[CYdLidar] Error, cannot bind to the specified serial port[/dev/ydlidar] and baudrate[128000]"),
        Msg("serial_port_locked", r"\bcheck_lock_status: device is locked by another application|\bCould not lock serial port for exclusive access",
            "strong", fail=True, example="check_lock_status: device is locked by another application"),
        Msg(None, r"^RXTX (?:Warning|Error):\s+(?:Removing stale lock file|Unable to\s+remove stale lock file)", "strong",
            example="RXTX Warning:  Removing stale lock file. /var/lock/LCK..ydlidar"),
    ),
)

OPENCR = rows_of(
    group(
        "ROBOTIS-GIT/OpenCR arduino/opencr_develop/opencr_ld/opencr_ld.c and opencr_ld_shell/opencr_ld.c, msg/def_err.h "
        "(ERR_TIMEOUT 0xF020) (robotics-ros s12)",
        Msg(None, r"^opencr_ld(?:_shell)? ver \d", "strong", example="opencr_ld ver 1.0.2"),
        Msg(None, r"^opencr_ld_main\b", "strong", example="opencr_ld_main"),
        Msg(None, r"^(?:Open port OK|\[OK\] Open port\s*: \S|Clear Buffer (?:Start|End))", "strong", example="Open port OK"),
        Msg("bootloader_no_answer", r"^(?:\[NG\] )?cmd_read_board_name fail : 0xF020\b", "strong", fail=True,
            example="cmd_read_board_name fail : 0xF020"),
        Msg("bootloader_no_answer", r"^(?:\[NG\] )?Fail to jump to boot\b", "strong", fail=True, example="Fail to jump to boot"),
    ),
)

MAVROS = rows_of(
    group(
        "mavlink/mavros 0.x-2.x libmavconn src/serial.cpp, include/mavconn/interface.hpp (DeviceError), mavros_node / mavros_uas "
        "(robotics-ros s12)",
        Msg(None, r"\bserial\d+: device: (?P<port>/dev/\S+|(?i:COM)\d+) @ (?P<baud>\d+) bps", "strong",
            example="[ INFO] [1494513763.015]: serial0: device: /dev/ttyACM0 @ 57600 bps"),
        Msg(None, r"\bFCU URL: \S|\bMAVROS started\. MY ID|\bCON: Got HEARTBEAT, connected", "strong",
            example="[ INFO] [1666423922.478295571]: MAVROS started. MY ID 1.240, TARGET ID 1.1"),
        Msg("serial_permission_denied", r"\bDeviceError:serial:open: Permission denied", "strong", fail=True, attrs={"errno": 13},
            example="[FATAL] [1442667710.11]: FCU: DeviceError:serial:open: Permission denied"),
        Msg("serial_no_such_port", r"\bDeviceError:serial:open: No such (?:file or directory|device)", "strong", fail=True, attrs={"errno": 2},
            example="[FATAL] [1494513763.016715558]: FCU: DeviceError:serial:open: No such file or directory"),
        Msg("serial_port_busy", r"\bDeviceError:serial:open: (?:Device or resource busy|Resource busy)", "strong", fail=True, attrs={"errno": 16},
            example="[FATAL] [1494513763.016715558]: FCU: DeviceError:serial:open: Device or resource busy"),
        Msg("serial_open_failed", r"\bDeviceError:serial:(?:open|set_option): \S", "strong", fail=True,
            example="[FATAL] []: FCU: DeviceError:serial:open: Operation not permitted"),
        # rostopic echo /mavros/state: no HEARTBEAT from the FCU yet
        Msg("mavros_not_connected", r"^connected: False$", "strong", fail=True, example="connected: False"),
    ),
)

ODRIVE = rows_of(
    group(
        "odriverobotics/ODrive tools/odrivetool (0.4-0.6), Firmware/fibre-cpp/platform_support/libusb_transport.cpp: FIBRE_LOG(E) "
        "<< \"Could not open USB device: \" << <libusb error> (-3 LIBUSB_ERROR_ACCESS) (robotics-ros s12)",
        Msg(None, r"^ODrive control utility v\d", "strong", example="ODrive control utility v0.6.5.post2"),
        Msg(None, r"^(?:Waiting for ODrive\.\.\.|Please connect your ODrive\.)", "strong", example="Waiting for ODrive..."),
        Msg("usb_access_denied", r"\[USB\] Could not open USB device: -3\b", "strong", fail=True,
            example="[USB] Could not open USB device: -3"),
        Msg("usb_open_failed", r"\[USB\] Could not open USB device: -\d+", "strong", fail=True,
            example="[USB] Could not open USB device: -12"),
    ),
)

_ROS_LOG = re.compile(r"^\[\s*(?:ERROR|FATAL)\]\s*\[|\[(?:rplidar|sllidar)\w*\]: |\brplidarNode\b")


@register
class RosserialParser(TableParser):
    name = "rosserial"
    namespace = "serial"
    messages = ROSSERIAL
    hints = ("ros serial python node", "baud", "requesting topics", "buffer size is", "setup publisher", "setup subscriber",
             "setup service", "unable to sync with device", "lost sync with device")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        # the rate the node used, carried to the sync failure it explains
        if ev is not None and ev["kind"] in ("rosserial_no_sync", "rosserial_lost_sync"):
            for prev in reversed(self.events[:-1]):
                if prev["kind"] == "rosserial_connecting":
                    ev["baud"] = prev.get("baud")
                    ev["port"] = prev.get("port")
                    break


@register
class LidarSdkParser(TableParser):
    name = "lidar-sdk"
    namespace = "serial"
    messages = LIDAR
    hints = ("lidar data grabber", "running on ros", "cannot bind to the specified serial port", "check_lock_status",
             "could not lock serial port", "rxtx")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.program: str | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            if "data grabber" in line:
                self.program = "sdk-demo"
            elif "running on ROS" in line:
                self.program = "ros-node"
            return
        if ev["kind"] == "lidar_cannot_bind" and "[CYdLidar]" not in line:
            ev["via"] = "ros-node" if _ROS_LOG.search(line.strip()) else self.program


@register
class OpencrLdParser(TableParser):
    name = "opencr_ld"
    namespace = "flash"
    messages = OPENCR
    hints = ("opencr_ld", "open port", "clear buffer", "cmd_read_board_name", "jump to boot")


@register
class MavrosParser(TableParser):
    name = "mavros"
    namespace = "serial"
    messages = MAVROS
    hints = ("device:", "fcu url", "mavros started", "got heartbeat", "deviceerror:serial", "connected: false")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.port: str | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            if "port" in m.groupdict() and m.group("port"):
                self.port = m.group("port")
        elif self.port and not ev.get("port"):
            ev["port"] = self.port


@register
class OdrivetoolParser(TableParser):
    name = "odrivetool"
    namespace = "flash"
    messages = ODRIVE
    hints = ("odrive", "could not open usb device")
