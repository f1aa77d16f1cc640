"""can-utils (`candump`, `cansend`, `cangen`, `cansniffer`) output: received frames, error frames decoded by
`candump -e`, and the socket errors the tools print through perror().

Facts: `can.events`:
- can_no_device: `SIOCGIFINDEX: No such device`, `bind: No such device` (the interface does not exist),
- can_not_supported: `socket: Address family not supported by protocol` (no SocketCAN in the kernel),
- can_network_down: `write: Network is down`, `read: Network is down` (the interface is not up, or went bus-off),
- can_no_buffer: `write: No buffer space available` (the transmit queue is full: nothing acknowledges the
  frames, or txqueuelen is too small for the burst); when a `cansend` command line (one
  frame) came before it (`command` = "cansend"): then the queue is not draining at all, and its size is not the cause,
- can_error_frame: an error frame `candump -e` decoded, with `text` = its class (bus-off, no-acknowledgement-on-tx,
  controller-problem{...}, protocol-violation{...}, bus-error, restarted-after-bus-off),
- can_frame_format: `Wrong CAN-frame format!` (cansend was given a malformed frame),
- can_bus_state: CANopenNode's canopend reporting the controller state (`reached Tx Warning Level`, `changed state to
  "Tx Passive"`, `changed to "Bus Off"`), and python-can's vendor interfaces (PCAN-Basic's error texts `Bus error: the
  CAN controller is in bus-off state` / `an error counter reached the 'heavy' limit`, PCAN_ERROR_BUS* names, IXXAT's
  VCIBusOffError), Windows included, with `state` = warning | passive | bus-off.
  Also ros_canopen's socketcan_interface/socketcan_bridge state lines (`ERROR: state=1 internal_error=0('OK') asio:
  system:0` is a healthy state report; `bus off;` or an asio errno 105/100/19 is not) (can s25); (review s25) init's
  `asio: system:-1` (no such CAN interface), `controller problems;` / `protocol violations;` as candump -e's error classes.
- can_tx_buffers_full: the CircuitPython MCP2515 library's `RuntimeError: No transmit buffer available to send` (all
  three of the controller's transmit buffers still pending: no node acknowledges, or the bus is error-passive/bus-off).
Received frames are only counted (`can.dumps` run: frames, error_frames, interfaces), never kept one by one.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_IF = r"(?P<interface>(?:v|vx|sl)?can\d+|any)"
# candump's timestamp (-ta / -td / -tz: seconds; -tA: local date and time) and -x columns (direction, BRS, ESI)
_TS = r"(?:\((?:\d+\.\d+|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\)\s+)?"
_X = r"(?:\s+[RT]X [B-] [E-])?"

# (avr-can s21) kmod's message as a person quotes it in a sentence (`The error is: "modprobe: FATAL: Module gs_usb not
# found in directory /lib/modules/5.15.122-tegra".`, agilexrobotics/ranger_ros2#16): the line starts with their words and
# a quote mark, the message follows it unchanged
_QUOTED = r"^(?:[^\"'`\n]{0,120}[\"'`] ?)?"

MESSAGES = rows_of(
    group(
        "can-utils candump.c (2.6-2023.03): frames and error frames",
        Msg(None, r"^\s*" + _TS + _IF + _X + r"\s+[0-9A-F]{3,8}\s+\[\d\d?\](?:\s+[0-9A-F]{2}){0,8}\s*(?:'[^']*')?\s*$",
            strength="strong", attrs={"role": "frame"}, example="  can0  3F0   [8]  00 00 00 00 00 00 00 00"),
        Msg("can_error_frame", r"^\s*" + _TS + _IF + _X + r"\s+[0-9A-F]{3,8}\s+\[\d+\]\s+(?:[0-9A-F]{2}\s+){0,8}\s*ERRORFRAME",
            strength="strong", example="  can0  20000080   [8]  00 00 00 00 00 00 00 00   ERRORFRAME"),
        Msg(None, r"^\s*\(\d+\.\d+\)\s+" + _IF + r"\s+[0-9A-F]{3,8}#[0-9A-F]*\s*$", strength="strong", attrs={"role": "frame"},
            example="(1636451.123456) can0 123#1122334455667788"),
        Msg(None, r"^\s*" + _IF + r"\s+[0-9A-F]{3,8}#[0-9A-F]*\s*$", strength="weak", attrs={"role": "frame"},
            example="can0 579#320800003300"),
        Msg("can_error_frame", r"^\s*(?P<text>controller-problem\{[\w,-]*\}|protocol-violation\{\{[\w,-]*\}\{[\w,-]*\}\}|error-counter-tx-rx\{\{\d+\}\{\d+\}\})\s*$",
            strength="weak", example="protocol-violation{{tx-recessive-bit-error,error-on-tx}{}}"),
        Msg("can_error_frame", r"^\s*(?P<text>bus-off|no-acknowledgement-on-tx|restarted-after-bus-off|bus-error|controller-problem\{[\w,-]*\}|protocol-violation\{[^}]*\}\}?|lost-arbitration\{[^}]*\}|error-counter-tx-rx\{\{\d+\}\{\d+\}\})",
            strength="none", example="controller-problem{rx-error-passive,tx-error-passive}"),
    ),
    group(
        "CANopenNode socketCAN/CO_error.c (v2-v4): the bus state canopend reads from error frames",
        Msg("can_bus_state", r"CAN Interface \"" + _IF + r"\" changed to \"(?P<state>Bus Off)\"", strength="strong", fail=True,
            example='./canopend[9886]: CAN Interface "can0" changed to "Bus Off". Switching to Listen Only mode...'),
        Msg("can_bus_state", r"CAN Interface \"" + _IF + r"\" changed state to \"(?:Tx|Rx) (?P<state>Passive)\"", strength="strong", fail=True,
            example='./canopend[9886]: CAN Interface "can0" changed state to "Tx Passive"'),
        Msg("can_bus_state", r"CAN Interface \"" + _IF + r"\" reached (?:Tx|Rx) (?P<state>Warning) Level", strength="strong", fail=True,
            example='./canopend[9886]: CAN Interface "can0" reached Tx Warning Level'),
        Msg(None, r"\(CO_CAN\w+\) (?:Socket error msg ID|\w+ Set Listen Only)", strength="strong",
            example="./canopend[9886]: (CO_CANerror_rxMsgError) Socket error msg ID: 0x20000004, Data[0..7]: 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x60, 0x00 (can0)"),
    ),
    group(
        "ros_canopen socketcan_interface src/candump.cpp print_state() (0.6-0.8: 'ERROR: state=', renamed 'STATE: driver_state=' "
        "in a8012b0) and socketcan_bridge stateCallback() ('State: %s, asio: %s' / 'Error: %s, asio: %s'): the driver's state "
        "listener; internal_error is the error-frame class mask (translateError: 0 = 'OK', 'bus off;', 'TX timeout ...;'), "
        "asio the boost error_code of the socket ('system:0' / 'Success' = none, 'system:105' = ENOBUFS) (can s25)",
        # every listener call prints a line, the healthy ones too (driver_state 1 = open, 2 = ready): no failure
        Msg(None, r"^(?:ERROR|STATE): (?:driver_)?state=[0-2] internal_error=0\('OK'\) asio: system:0\s*$", strength="strong", benign=True,
            example="ERROR: state=1 internal_error=0('OK') asio: system:0"),
        Msg(None, r"\bState: OK, asio: Success\s*$", strength="strong", benign=True,
            example="[ INFO][1527859346.9][/topic_to_socketcan_node]: State: OK, asio: Success"),
        Msg("can_bus_state", r"^(?:ERROR|STATE): (?:driver_)?state=\d internal_error=\d+\('[^']*\bbus off;", strength="strong", fail=True,
            attrs={"state": "bus-off"}, example="STATE: driver_state=2 internal_error=64('bus off;') asio: system:0"),
        Msg("can_bus_state", r"\bError: [^,\n]*\bbus off;[^,\n]*, asio: ", strength="strong", fail=True, attrs={"state": "bus-off"},
            example="[ERROR][1527864707.9][/socketcan_to_topic_node]: Error: bus off;, asio: Success"),
        # (review s25) the errno only in the listener's own line (print_state's "internal_error=N('...') asio: system:E", enqueue's
        # "FAILED system:E"): boost asio is everywhere (serial ports, sockets), a bare "asio: system:19" is not a CAN socket's
        Msg("can_no_buffer", r"(?:(?:\binternal_error=\d+\('[^']*'\) asio:|^(?:socketcan_interface: )?FAILED) system:105\b"
            r"|\b(?:State|Error): [^,\n]*, asio: No buffer space available)", strength="strong",
            fail=True, attrs={"errno": 105},
            example="[ INFO][1527859354.097552304][/topic_to_socketcan_node]: State: OK, asio: No buffer space available"),
        Msg("can_network_down", r"(?:(?:\binternal_error=\d+\('[^']*'\) asio:|^(?:socketcan_interface: )?FAILED) system:100\b|\b(?:State|Error): [^,\n]*, asio: Network is down)", strength="strong",
            fail=True, attrs={"errno": 100}, example="ERROR: state=0 internal_error=0('OK') asio: system:100"),
        Msg("can_no_device", r"(?:(?:\binternal_error=\d+\('[^']*'\) asio:|^(?:socketcan_interface: )?FAILED) system:19\b"
            r"|\b(?:State|Error): [^,\n]*, asio: No such device)", strength="strong",
            fail=True, attrs={"errno": 19}, example="STATE: driver_state=0 internal_error=0('OK') asio: system:19"),
        # (review s25) init() failing: it stores the failing call's return value (-1), not errno, so socketcan_dump's one line is
        # "state=0 ... asio: system:-1"; its calls (socket(PF_CAN), ioctl SIOCGIFINDEX, bind) fail when the interface does not
        # exist or is no CAN device
        Msg("can_no_device", r"^(?:ERROR|STATE): (?:driver_)?state=0 internal_error=0\('OK'\) asio: system:-1\s*$", strength="strong",
            fail=True, attrs={"reason": "init"}, example="STATE: driver_state=0 internal_error=0('OK') asio: system:-1"),
        # (review s25) translateError's other classes, as candump -e's names CAN004 reads (controller problems = CAN_ERR_CRTL:
        # error-warning/passive, overflow; protocol violations = CAN_ERR_PROT: bit/stuff/form errors)
        Msg("can_error_frame", r"(?:^(?:ERROR|STATE): (?:driver_)?state=\d internal_error=\d+\('|\bError: )[^',\n]*\bcontroller problems;",
            strength="strong", fail=True, attrs={"text": "controller-problem"},
            example="STATE: driver_state=2 internal_error=4('controller problems;') asio: system:0"),
        Msg("can_error_frame", r"(?:^(?:ERROR|STATE): (?:driver_)?state=\d internal_error=\d+\('|\bError: )[^',\n]*\bprotocol violations;",
            strength="strong", fail=True, attrs={"text": "protocol-violation"},
            example="[ERROR] [1527864707.969902135]: Error: protocol violations;, asio: Success"),
        # any other state line with an error class or an error code is still a failure (GEN001 quotes it), never silence
        Msg(None, r"^(?:ERROR|STATE): (?:driver_)?state=\d internal_error=[1-9]\d*\(", strength="strong",
            fail=True, example="STATE: driver_state=2 internal_error=16('transceiver status;') asio: system:0"),
    ),
    group(
        "python-can 3.x-4.x can/interfaces/pcan (PCAN-Basic GetErrorText, English) and ixxat/exceptions.py: the "
        "adapter's bus state on Windows and Linux vendor drivers",
        Msg("can_bus_state", r"Bus error: the CAN controller is in (?P<state>bus-off) state", strength="strong", fail=True,
            example="can.interfaces.pcan.pcan.PcanError: Bus error: the CAN controller is in bus-off state"),
        Msg("can_bus_state", r"Bus error: the CAN controller is error (?P<state>passive)", strength="strong", fail=True,
            example="can.interfaces.pcan.pcan.PcanCanOperationError: Bus error: the CAN controller is error passive"),
        # PCAN_ERROR_BUSHEAVY: an error counter reached 128 (the error-passive limit); PCAN_ERROR_BUSLIGHT: 96 (warning)
        Msg("can_bus_state", r"Bus error: an error counter reached the 'heavy'(?:/'warning')? limit", strength="strong", fail=True,
            attrs={"state": "passive"}, example="Bus error: an error counter reached the 'heavy'/'warning' limit"),
        Msg("can_bus_state", r"Bus error: an error counter reached the 'light' limit", strength="strong", fail=True,
            attrs={"state": "warning"}, example="WARNING:can.pcan:Bus error: an error counter reached the 'light' limit"),
        Msg("can_bus_state", r"\bPCAN_ERROR_(?P<state>BUSOFF|BUSPASSIVE|BUSHEAVY|BUSWARNING|BUSLIGHT)\b", strength="strong", fail=True,
            example="status: PCAN_ERROR_BUSOFF"),
        Msg("can_bus_state", r"VCIBusOffError\b|Controller is in BUSOFF state", strength="strong", fail=True, attrs={"state": "bus-off"},
            example="can.interfaces.ixxat.exceptions.VCIBusOffError: Controller is in BUSOFF state"),
        Msg("can_bus_state", r"VCIErrorLimitExceededError\b", strength="strong", fail=True, attrs={"state": "warning"},
            example="can.interfaces.ixxat.exceptions.VCIErrorLimitExceededError: Error warning limit exceeded"),
    ),
    group(
        "Adafruit_CircuitPython_MCP2515 adafruit_mcp2515/__init__.py (1.x-2.x, 8274b98 2026-04): send() and _write_message() "
        "when the MCP2515's three transmit buffers all still hold a frame (TXREQ set): no host queue is involved, a frame "
        "leaves only when another node acknowledges it",
        Msg("can_tx_buffers_full", r"RuntimeError: No transmit buffer available to send", strength="strong", fail=True,
            example="RuntimeError: No transmit buffer available to send"),
    ),
    group(
        "kmod modprobe: a CAN driver the running kernel does not have (a VM's, an Armbian or vendor kernel built without it)",
        Msg("can_no_device", _QUOTED + r"modprobe: (?:FATAL|ERROR): Module (?P<module>gs_usb|can|can_raw|can_dev|can_bcm|can_isotp|mcp251x|mcp251xfd|slcan|vcan|peak_usb|peak_pci|kvaser_usb|esd_usb2?|ems_usb|usb_8dev|ucan|etas_es58x|m_can|sja1000|flexcan|mttcan) not found",
            strength="strong", fail=True, attrs={"reason": "module"},
            example="modprobe: FATAL: Module gs_usb not found in directory /lib/modules/7.0.11-orbstack-00360-g3c3f1e8a7db2"),
        # kmod tools/modprobe.c (v2x-v34, 84fa569 2026-07): ERR("could not insert '%s': %s\n", name, strerror(-err)), or
        # "Unknown symbol in module, or unknown parameter (see dmesg)" for ENOENT; "Module already in kernel" (EEXIST)
        # means it is loaded, not a failure. tools/insmod.c: ERR("could not insert module %s: %s\n", filename,
        # mod_strerror()) ("Invalid module format", "Unknown symbol in module", "Module has wrong symbol version").
        # A CAN driver that will not load (built for another kernel, unsigned under Secure Boot, no hardware) never
        # creates its interface (can s18)
        Msg("can_no_device", _QUOTED + r"(?:modprobe|insmod): (?:FATAL|ERROR): [Cc]ould not insert (?:module )?'?(?:\S*/)?"
            r"(?P<module>gs_usb|can|can_raw|can_dev|can_bcm|can_isotp|mcp251x|mcp251xfd|slcan|vcan|peak_usb|peak_pci|kvaser_usb|"
            r"esd_usb2?|ems_usb|usb_8dev|ucan|etas_es58x|m_can|sja1000|flexcan|mttcan|elmcan|can327)(?:\.ko(?:\.[gx]z|\.zst)?)?'?:\s?"
            r"(?!Module already in kernel)(?P<error>\S.*)",
            strength="strong", fail=True, attrs={"reason": "module"},
            src="kmod tools/modprobe.c, tools/insmod.c ERR(\"could not insert ...\") (can s18)",
            example="modprobe: ERROR: could not insert 'gs_usb': Exec format error"),
        Msg(None, _QUOTED + r"modprobe: (?:FATAL|ERROR): [Cc]ould not insert '[\w-]+': Module already in kernel", strength="strong", benign=True,
            src="kmod tools/modprobe.c -EEXIST: the module is already loaded (can s18)",
            example="modprobe: ERROR: could not insert 'gs_usb': Module already in kernel"),
        # BusyBox modutils (1.3x, 371fe9f 2024-07; OpenWrt, Buildroot, Alpine images): modprobe.c "module %s not found in
        # modules.dep" and "can't load module %s (%s): %s"; insmod.c "can't insert '%s': %s" with moderror()'s lower-case
        # texts ("invalid module format", "unknown symbol in module"). "module %s is builtin" is no failure (can s18)
        Msg("can_no_device", r"^modprobe: module (?P<module>gs_usb|can|can_raw|can_dev|can_bcm|mcp251xfd?|slcan|vcan|peak_usb|"
            r"kvaser_usb|esd_usb2?|ems_usb|usb_8dev|ucan|etas_es58x|m_can|sja1000|flexcan) not found in modules\.dep",
            strength="strong", fail=True, attrs={"reason": "module"},
            src="BusyBox modutils/modprobe.c do_modprobe() bb_error_msg (can s18)",
            example="modprobe: module gs_usb not found in modules.dep"),
        Msg("can_no_device", r"^(?:modprobe: can't load module (?P<module>gs_usb|can|can_raw|can_dev|mcp251xfd?|slcan|vcan|peak_usb|"
            r"kvaser_usb|ucan|m_can|flexcan) \(|insmod: can't insert '(?:\S*/)?(?:gs_usb|can|can_raw|can_dev|mcp251xfd?|slcan|vcan|"
            r"peak_usb|kvaser_usb|ucan|m_can|flexcan)\.ko')",
            strength="strong", fail=True, attrs={"reason": "module"},
            src="BusyBox modutils/modprobe.c \"can't load module %s (%s): %s\", insmod.c \"can't insert '%s': %s\" (can s18)",
            example="insmod: can't insert 'gs_usb.ko': invalid module format"),
    ),
    group(
        "Linux kernel .config (/proc/config.gz, /boot/config-*): SocketCAN or a CAN driver left out of the running kernel; "
        "Klipper's and Katapult's own .config use CANBUS/CANSERIAL, never CAN_<driver> (can s18)",
        Msg("can_no_device", r"(?:^|`)# CONFIG_(?P<module>CAN|CAN_(?:RAW|DEV|NETLINK|BCM|GW|ISOTP|J1939|VCAN|VXCAN|SLCAN|GS_USB|"
            r"KVASER_USB|PEAK_USB|PEAK_PCIEFD|8DEV_USB|EMS_USB|ESD_USB2?|UCAN|ETAS_ES58X|MCP251XFD?|M_CAN|SJA1000|FLEXCAN|"
            r"RCAR(?:_CANFD)?|SUN4I|ROCKCHIP_CANFD|CTUCANFD|C_CAN|CC770|IFI_CANFD|XILINXCAN|TI_HECC|GRCAN|HI311X|CALC_BITTIMING)) is not set",
            strength="strong", fail=True, attrs={"reason": "kernel config"},
            src="Linux scripts/kconfig confdata.c \"# CONFIG_%s is not set\"; drivers/net/can/Kconfig, net/can/Kconfig (can s18)",
            example="# CONFIG_CAN_GS_USB is not set"),
    ),
    group(
        "util-linux sys-utils/ldattach.c, can-utils slcan_attach.c / slcand.c: attaching a serial CAN line discipline (slcan, "
        "can327/elmcan) to a tty; EINVAL from TIOCSETD means the kernel has no such discipline: its module is not loaded (can s15)",
        Msg("can_no_device", r"^ldattach: cannot set line discipline: Invalid argument", strength="strong", fail=True,
            attrs={"reason": "module"}, src="util-linux 2.3x sys-utils/ldattach.c err(..., \"cannot set line discipline\") (can s15)",
            example="ldattach: cannot set line discipline: Invalid argument"),
        Msg("can_no_device", r"^ioctl TIOCSETD: Invalid argument", strength="strong", fail=True,
            attrs={"reason": "module"}, src="can-utils slcan_attach.c / slcand.c perror(\"ioctl TIOCSETD\") (can s15)",
            example="ioctl TIOCSETD: Invalid argument"),
    ),
    group(
        "can-utils cansend.c, candump.c, cangen.c: perror() of the socket calls",
        Msg("can_no_device", r"^(?:SIOCGIFINDEX|bind|ioctl|if_nametoindex)(?: \w+)?: No such device", strength="strong", fail=True,
            example="SIOCGIFINDEX: No such device"),
        Msg("can_not_supported", r"^socket: (?:Address family not supported by protocol|Protocol not supported)", strength="strong", fail=True,
            example="socket: Address family not supported by protocol"),
        Msg("can_network_down", r"^(?:write|read|sendto|recvmsg|bind)(?: \w+)?: Network is down", strength="strong", fail=True,
            example="write: Network is down"),
        # (s24) and quoted in a person's sentence ('it says "write: No buffer space available"': socketcand#14)
        Msg("can_no_buffer", r"(?:^|[`\"\u201c])(?:write|sendto|sendmsg)(?: \w+)?: No buffer space available|^`?No buffer space available`?$", strength="strong", fail=True,
            example="write: No buffer space available"),
        Msg("can_frame_format", r"^Wrong CAN-frame format!", strength="strong", fail=True, example="Wrong CAN-frame format!"),
        Msg(None, r"^\s*(?:\S*[$#]\s*)?(?:sudo\s+)?(?:candump|cansend|cangen|cansniffer)\s+(?:-\S+\s+)*" + _IF + r"\b",
            strength="strong", attrs={"role": "argv"}, example="cansend can0 661#0001"),
    ),
)

_PY_BUS = re.compile(r"for bus \"([^\"]{1,40})\"|\b((?:PCAN|IXXAT)_\w+BUS\d+)\b")
_SERIOUS = ("bus-off", "no-acknowledgement-on-tx", "controller-problem", "protocol-violation", "error-counter")


@register
class CanUtilsParser(TableParser):
    name = "can-utils"
    stamped = True  # its own time stamps (parsers/__init__.py _undecorate_batch)
    namespace = "can"
    messages = MESSAGES
    # candump's frame lines ("  can0  3F0   [8]  00 11 ..."): while a dump is open they go to it unclassified
    bulk = ("  can0  ", "  can1  ", "  can2  ", "  vcan0  ")
    hints = ("can", "modprobe", "insmod", "ldattach", "tiocsetd", "bus error", "no transmit buffer", "pcan_error", "vcibusoff", "vcierrorlimit", "busoff state", "errorframe", "co_can", "no such device", "network is down", "no buffer space", "frame format", "address family",
             "bus-off", "acknowledgement", "controller-problem", "protocol-violation", "bus-error", "error-counter",
             "internal_error=", "asio:", "failed system:")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.frames = 0
        self.error_frames = 0
        self.interfaces: set[str] = set()
        self.kept_error_frames = 0
        self.last_tool = ""  # the can-utils tool of the last command line seen (cansend sends a single frame)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        iface = m.groupdict().get("interface")
        if iface and iface != "any" and len(self.interfaces) < 16:
            self.interfaces.add(iface)
        if ev is None:
            role = dict(row.attrs).get("role")  # type: ignore[arg-type]
            if role == "frame":
                self.frames += 1
            elif role == "argv":
                self.last_tool = "cansend" if "cansend" in line else "other"
            return
        if ev["kind"] == "can_no_buffer" and self.last_tool == "cansend":
            # one `cansend` is one frame: a queue of 10 cannot overflow from it unless nothing leaves the queue
            # (no node acknowledges, bus-off, a stalled adapter or daemon) - the queue's size is not the fault
            ev["command"] = "cansend"
            self.last_tool = ""  # only the answer to that one frame: a flood of refusals after it is a program's burst
        if ev["kind"] == "can_bus_state":
            state = str(ev["state"]).lower().replace(" ", "-")  # Bus Off -> bus-off, Passive -> passive
            # PCAN-Basic status names: BUSOFF, BUSPASSIVE / BUSHEAVY (counter at 128), BUSWARNING / BUSLIGHT
            ev["state"] = {"busoff": "bus-off", "buspassive": "passive", "busheavy": "passive",
                           "buswarning": "warning", "buslight": "warning"}.get(state, state)
            if "interface" not in ev:
                bus = _PY_BUS.search(line)  # python-can names the adapter channel, not a SocketCAN interface
                ev["interface"] = (bus.group(1) or bus.group(2)) if bus else "the CAN adapter"
            return
        if ev["kind"] == "can_error_frame":
            if "text" not in ev:  # the frame line itself; the decoded classes follow on their own lines
                self.error_frames += 1
                self.events.remove(ev)
                return
            self.kept_error_frames += 1
            if self.kept_error_frames > 50 or not str(ev["text"]).startswith(_SERIOUS):
                self.events.remove(ev)
                return
            ev["fail"] = True

    def finish(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.events:
            if len(self.interfaces) == 1:
                only = next(iter(self.interfaces))
                for ev in self.events:
                    ev.setdefault("interface", only)
            out["events"] = self.events
        if self.frames or self.error_frames:
            out["dumps"] = [self.run(frames=self.frames, error_frames=self.error_frames, events=[])]
        return {"can": out} if out else {}
