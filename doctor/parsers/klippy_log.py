"""klippy.log: Klipper's host log, streamed (a 50 MB log is read line by line and never held).

The messages are rows (`MESSAGES`, written from klippy/klippy.py, mcu.py, serialhdl.py and
extras/error_mcu.py, v0.6 of 2018 to 2026); the parser keeps state only where it must: the config dump that
follows "===== Config file =====" (its `[mcu]` sections), the MCUs' identification lines, the restarts
("Start printer at", "Starting Klippy...", "Restarting printer": counted from these lines, never from config
dumps, which the splitter feeds once per distinct text), and a shutdown reported twice ("Transition to
shutdown state: MCU 'x' shutdown: R" then "MCU 'x' shutdown: R").

Speed: the bulk of a long log ("Stats ...", the serial dumps "Sent ..."/"Receive: ...") costs one
`startswith`; any other line is matched once per distinct text (a restart loop repeats the same lines
thousands of times: a repeat costs one dict lookup).

Memory is bounded: counts per event kind, the first event of each (kind, MCU) pair and the last MAX_RECENT
events, the MCUs' identification lines, and the `[mcu]` sections of the last config dump.

Facts: `klipper.log` {lines, starts, counts, version, mcus: [{name, mcu, version, clock_freq,
canbus_frequency, serial_baud}], events}, and `klipper.printer_cfg.mcus` from the embedded config. Event
kinds: mcu_shutdown (name, reason), serial_open_failed and the serial_errors kinds (name, port, errno),
mcu_connect_timeout, mcu_unable_to_connect, mcu_serial_closed, mcu_can_open_failed (errno),
mcu_lost_communication, mcu_protocol_error, mcu_command_mismatch (name, text), mcu_clock_mismatch (name, expected
and received MHz; plausible: their ratio is that of two crystals Klipper offers), mcu_reset_failed and
mcu_config_failed (name: klippy could not reset or configure the MCU), mcu_clock_mismatch (name,
expected and received: MHz configured and measured), can_write_error (errno 105: the CAN transmit queue
overflowed), can_read_error (errno 100: the CAN interface went down under klippy), timer_in_past, can_bridge_discarding (name: a USB-to-CAN bridge could not transmit on the bus),
can_bus_stats (name, bus_state, rx_error, tx_error, rise: canbus_stats in the Stats lines left 'active' or its
error counters grew).
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import MessageTable, Msg, TableParser, event_attrs, group, rows_of

MAX_RECENT = 100
MAX_FIRST = 200
MAX_CACHE = 4096  # distinct lines whose match is remembered

_ERRNO = re.compile(r"\[Errno (\d+)\]")
_PORT = re.compile(r"could not open port (\S+?):|: '(/(?:dev|tmp)/[^']+)'|(/dev/\S+)")
# CANBUS_BRIDGE=1: a "USB to CAN bus bridge" build (src/generic/usb_canbus.c DECL_CONSTANT): its CANBUS_FREQUENCY is the
# bus speed, whatever bitrate Linux set on can0 (docs/CANBUS.md)
_CONFIG_KEYS = {"MCU": "mcu", "CLOCK_FREQ": "clock_freq", "CANBUS_FREQUENCY": "canbus_frequency", "SERIAL_BAUD": "serial_baud",
                "CANBUS_BRIDGE": "canbus_bridge"}
# crystals Klipper's Kconfig offers (src/stm32/Kconfig 8-25 MHz, src/atsamd/Kconfig 12/25 MHz): a firmware built for
# one on a board with another runs at their ratio, exactly; any other measured ratio is no crystal mix-up
_CRYSTALS_MHZ = (8, 12, 16, 20, 24, 25)
_CRYSTAL_RATIOS = sorted({a / b for a in _CRYSTALS_MHZ for b in _CRYSTALS_MHZ if a != b})
_BULK = ("Stats ", "Receive: ", "Sent ", "webhooks client ", "gcode state: ", "Dumping ")


def _bytes_invalid(line: str, key: str = "bytes_invalid=") -> dict[str, int]:
    """Each MCU's bytes_invalid (or another counter, `key`) in one Stats line: its group starts "NAME: mcu_awake="
    (serialhdl.py's stats)."""
    out: dict[str, int] = {}
    words = line.split()
    current = None
    for i, w in enumerate(words):
        if w.endswith(":") and i + 1 < len(words) and words[i + 1].startswith("mcu_awake="):
            current = w[:-1]
        elif current is not None and w.startswith(key):
            value = w[len(key):]
            if value.isdigit() and len(out) < 16:
                out[current] = int(value)
            current = None
    return out
# extras/canbus_stats.py (2025-01+): "canstat_EBBCan: bus_state=active rx_error=0 tx_error=0 tx_retries=0" in Stats lines;
# the MCU's enum is active | warn | passive | off (src/generic/canbus.h); rp2040 nodes always report active
_CANSTAT = re.compile(r"canstat_(?P<name>[^\s:]{1,40}): bus_state=(?P<state>\w{1,12}) rx_error=(?P<rx>\d{1,10}) tx_error=(?P<tx>\d{1,10})")
_CANSTAT_RANK = {"active": 0, "warn": 1, "passive": 2, "off": 3}
_CONFIG_END = "======================="
# (healthy2 s9) serialhdl.py connect_uart/connect_canbus retry the connect until 90 s have passed ("Unable to connect"):
# the failures of one MCU's connect loop that its identification ("Loaded MCU 'x'") ends in the same session were
# overcome (a board powered after the host, a USB device still enumerating): they are no fault of a healthy start
_CONNECT_RETRY_KINDS = frozenset(("mcu_connect_timeout", "mcu_serial_closed", "serial_open_failed", "serial_no_such_port",
                                  "serial_permission_denied", "serial_port_busy", "serial_io_error", "mcu_can_open_failed"))
_IDENTIFY_WAIT = re.compile(r"^(?:mcu '(?P<name>[^']+)': )?Wait for identify_response")
MAX_OVERCOME = 2000  # lines of overcome connect loops marked per log
_BUILD_START = "========= Last MCU build config ========="  # klippy/util.py (2021+): the host's last ~/klipper/.config
# What a line inside those dumps looks like: printer.cfg as configfile.py writes it (blank, indented continuation, a
# `#`/`;` comment or `#*#` saved block, a [section] header, a lower-case option name then ':' or '='), or .config's
# CONFIG_X=... lines. A paste cut inside a dump and followed by other lines (klippy's own "mcu 'mcu': ...", a shell
# prompt, another tool) ends the region there instead of after 20000 lines.
_CONFIG_BODY = re.compile(r"(?:\s|$|[#;]|\[|[a-z0-9_][A-Za-z0-9_.\-]*\s*[:=]|CONFIG_)")

# a python exception line ends the traceback klippy logs with these: "serialhdl.error: mcu 'mcu': ...",
# before Python 3 "error: mcu 'mcu': ..."
_EXC = r"^(?:(?:\w+\.)?error: )?"

MESSAGES = rows_of(
    group(
        "Klipper klippy/mcu.py, klippy/klippy.py (all versions): shutdown and loss of an MCU",
        Msg("mcu_shutdown", r"^(?:Transition to shutdown state: )?(?:Previous )?MCU '(?P<name>[^']+)' (?:is_)?shutdown: (?P<reason>.+)",
            strength="strong", fail=True, example="MCU 'mcu' shutdown: Timer too close"),
        # (klipper-host s8) the MCU's own shutdown message in the serial dump klippy logs at every shutdown ("Dumping receive
        # queue"), serialhdl.py/msgproto.py: "Receive: N sent recv len: seq: S, shutdown clock=C static_string_id=REASON"
        # (is_shutdown: a shutdown found at connect). Pasted alone, or cut above the "MCU 'x' shutdown" line, it is the only
        # sign of the shutdown; the dump names no MCU (the first one's name is taken; a repeat of the same reason is dropped)
        Msg("mcu_shutdown", r"^Receive: \d+ [\d.]+ [\d.]+ \d+: seq: [0-9a-fA-F]+, (?:is_)?shutdown (?:clock=\d+ )?static_string_id=(?P<reason>.+)",
            strength="strong", fail=True, attrs={"name": "mcu"},
            example="Receive: 80 58084.691850 58084.691542 12: seq: 10, shutdown clock=1633143497 static_string_id=Timer too close"),
        Msg("mcu_lost_communication", r"^(?:Transition to shutdown state: )?Lost communication with MCU '(?P<name>[^']+)'",
            strength="strong", fail=True, example="Transition to shutdown state: Lost communication with MCU 'EBBCan'"),
        Msg("mcu_lost_communication", r"^Timeout with MCU '(?P<name>[^']+)'", strength="strong", fail=True,
            example="Timeout with MCU 'mcu' (eventtime=3525.102371)"),
        Msg("timer_in_past", r"^Rescheduled timer in the past", fail=True, example="Rescheduled timer in the past"),
        Msg("mcu_clock_mismatch", r"(?i)MCU '(?P<name>[^']+)' configured for (?P<expected>\d+) ?MHz but running at (?P<received>\d+) ?MHz",
            strength="strong", fail=True, convert=(("expected", int), ("received", int)),
            example="MCU 'mcu' configured for 72Mhz but running at 108Mhz!"),
        Msg("mcu_reset_failed", r"^(?:(?:\w+\.)?error: )?(?:Failed automated reset of MCU|Attempt MCU) '(?P<name>[^']+)'", strength="strong",
            fail=True, example="mcu.error: Failed automated reset of MCU 'scanner'"),
        Msg("mcu_config_failed", r"^(?:(?:\w+\.)?error: )?(?:Can not update MCU '(?P<name>[^']+)' config as it is shutdown|"
            r"Unable to configure MCU '(?P<name2>[^']+)'|MCU '(?P<name3>[^']+)' (?:CRC does not match config|error during config)|"
            r"Too few moves available on MCU '(?P<name4>[^']+)')", strength="strong", fail=True,
            example="Can not update MCU 'eboard' config as it is shutdown"),
        Msg("can_write_error", r"^Got error -?\d+ in can write: \((?P<errno>\d+)\)", strength="strong", fail=True,
            convert=(("errno", int),), example="Got error -1 in can write: (105)No buffer space available"),
        # (thin-can s15) serialqueue.c input_event() report_errno("can read", ret): the CAN socket reported an error (the
        # kernel's can/raw.c sets ENETDOWN on the socket when the interface goes down under it, ENODEV when it is removed)
        Msg("can_read_error", r"^Got error -?\d+ in can read: \((?P<errno>\d+)\)", strength="strong", fail=True,
            convert=(("errno", int),), example="Got error -1 in can read: (100)Network is down"),  # (from the source's format)
        # serialqueue.c: a write to the MCU's tty failed (EAGAIN: the USB device stopped taking data; EIO: it is gone);
        # klippy logs it as a Python bytes repr, b'...'
        Msg("serial_write_error", r"^(?:b')?Got error -?\d+ in write: \((?P<errno>\d+)\)", strength="strong", fail=True,
            convert=(("errno", int),), example="b'Got error -1 in write: (11)Resource temporarily unavailable'"),
        # serialqueue.c report_errno("read", ret): a read of the MCU's tty returned 0 (end of file: "(0)Success") or
        # failed (EIO, ENODEV): the device left the bus under klippy
        Msg("serial_read_error", r"^(?:b')?Got error -?\d+ in read: \((?P<errno>\d+)\)", strength="strong", fail=True,
            convert=(("errno", int),), example="Got error 0 in read: (0)Success"),
        # the same end of file, 2020 and later: serialqueue.c logs it in its own words
        Msg("serial_read_error", r"^(?:b')?Got EOF when reading from device", strength="strong", fail=True, attrs={"errno": 0},
            example="Got EOF when reading from device"),
    ),
    group(
        "Klipper klippy/serialhdl.py 2021-01 and later (messages carry \"mcu 'name': \")",
        Msg("serial_open_failed", r"^mcu '(?P<name>[^']+)': Unable to open (?:serial )?port: (?P<text>.*)", strength="strong", fail=True,
            example="mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyACM0: [Errno 2] No such file or directory: '/dev/ttyACM0'"),
        Msg("mcu_can_open_failed", r"^mcu '(?P<name>[^']+)': Unable to open CAN port: (?P<text>.*)", strength="strong", fail=True,
            example="mcu 'EBBCan': Unable to open CAN port: [Errno 19] No such device"),
        Msg("mcu_connect_timeout", r"^mcu '(?P<name>[^']+)': Timeout on connect", strength="strong", fail=True,
            example="mcu 'mcu': Timeout on connect"),
        Msg("mcu_unable_to_connect", _EXC + r"mcu '(?P<name>[^']+)': Unable to connect", strength="strong", fail=True,
            example="mcu 'mcu': Unable to connect"),
        Msg("mcu_unable_to_connect", _EXC + r"Unable to connect\s*$", fail=True, attrs={"name": "mcu"},
            example="error: Unable to connect"),  # 2016-2021: no MCU name
        Msg("mcu_serial_closed", _EXC + r"mcu '(?P<name>[^']+)': Serial connection closed", strength="strong", fail=True,
            example="serialhdl.error: mcu 'mcu': Serial connection closed"),
        Msg("mcu_command_mismatch", r"^(?:\w+\.)?(?:error: )?mcu '(?P<name>[^']+)': (?P<text>(?:Command format mismatch|Unknown command|"
            r"Unable to extract params from|Unknown response|Unable to encode): .*)", strength="strong", fail=True,
            example="mcu 'rpi': Command format mismatch: query_adxl345 oid=%c rest_ticks=%u vs query_adxl345 oid=%c clock=%u rest_ticks=%u"),
        Msg(None, r"^mcu '[^']+': (?:Starting (?:serial |CAN )?connect|Wait for identify_response)", strength="strong",
            example="mcu 'mcu': Starting serial connect"),
        Msg(None, r"^mcu '[^']+': Failed to match canbus_uuid", strength="strong",
            example="mcu 'EBBCan': Failed to match canbus_uuid - retrying.."),
    ),
    group(
        "Klipper klippy/extras/canbus_stats.py 2025-01 and later (PR 6784): a USB-to-CAN bridge MCU that could not "
        "transmit on the CAN bus for 50 ms or more discards what it was given (a bus stall: nothing acknowledges)",
        Msg("can_bridge_discarding", r"^USB CANBUS bridge '(?P<name>[^']+)' is discarding!", strength="strong", fail=True,
            example="USB CANBUS bridge 'mcu' is discarding!"),
        Msg(None, r"^USB CANBUS bridge '[^']+' is no longer discarding", strength="strong",
            example="USB CANBUS bridge 'mcu' is no longer discarding."),
    ),
    group(
        "Klipper klippy/serialhdl.py 2016-11 to 2021-01 (no MCU name in the message; the MCU is the only one)",
        Msg("serial_open_failed", r"^Unable to open (?:serial )?port: (?P<text>.*)", strength="strong", fail=True, attrs={"name": "mcu"},
            example="Unable to open port: [Errno 2] could not open port /dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0: [Errno 2] No such file or directory: '/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0'"),
        Msg("mcu_connect_timeout", r"^Timeout on serial connect", strength="strong", fail=True, attrs={"name": "mcu"},
            example="Timeout on serial connect"),
        # (deepen-ser-usb-fw s18) 2021-01-30 (9d3a3f3f3) to 2021-06-09 (31fcd491f, warn_prefix): "Timeout on connect", no name
        Msg("mcu_connect_timeout", r"^Timeout on connect\s*$", strength="strong", fail=True, attrs={"name": "mcu"},
            example="Timeout on connect"),
        # (klipper-host s6) the identify query itself giving up (serialhdl.py): 2017-03 to 2020-02 "Timeout on wait for
        # 'identify_response' response" / "Timeout during identify"; since 2020-02 SerialRetryCommand's "Unable to obtain
        # 'identify_response' response" (no MCU name: raised without the warn prefix). The MCU never answered, as
        # "Timeout on connect" says
        Msg("mcu_connect_timeout", _EXC + r"(?:mcu '(?P<name>[^']+)': )?(?:Timeout on wait for 'identify_response' response|"
            r"Timeout during identify|Unable to obtain 'identify_response' response)", strength="strong", fail=True, attrs={"name": "mcu"},
            example="serialhdl.error: Unable to obtain 'identify_response' response"),
        Msg(None, r"^Starting serial connect", strength="weak", example="Starting serial connect"),
    ),
    group(
        "Klipper klippy/console.py (the debugging console people run to test an MCU): its banner, the command line with the "
        "port, and serialhdl.py's messages through logging's default format (no MCU name); it retries the connect forever",
        Msg(None, r"^\s*This is a debugging console for the Klipper micro-controller", strength="strong",
            example="  This is a debugging console for the Klipper micro-controller."),
        Msg(None, r"^=+ attempting to connect =+\s*$", strength="strong", example="==================== attempting to connect ===================="),
        Msg(None, r"klippy/console\.py\b[^\n]*?\s(?P<console_port>/dev/\S+)", strength="strong",
            example="pi@raspberrypi:~ $ ~/klippy-env/bin/python ~/klipper/klippy/console.py /dev/ttyAMA0 250000"),
        Msg(None, r"^INFO:root:Starting (?:serial |CAN )?connect", strength="strong", example="INFO:root:Starting serial connect"),
        Msg("mcu_connect_timeout", r"^INFO:root:Timeout on connect\s*$", strength="strong", fail=True, attrs={"name": "mcu"},
            example="INFO:root:Timeout on connect"),
        Msg("serial_open_failed", r"^WARNING:root:Unable to open (?:serial )?port: (?P<text>.*)", strength="strong", fail=True,
            attrs={"name": "mcu"}, example="WARNING:root:Unable to open serial port: [Errno 2] could not open port /dev/ttyS0: [Errno 2] No such file or directory: '/dev/ttyS0'"),
    ),
    group(
        "Klipper klippy/klippy.py, klippy/msgproto.py: start, versions, MCU identification, protocol errors",
        Msg(None, r"^Starting Klippy\.\.\.", strength="strong", example="Starting Klippy..."),
        Msg(None, r"^Start printer at ", strength="weak", example="Start printer at Sat Feb  4 10:24:01 2023 (1675502641.2 41.7)"),
        Msg(None, r"^Restarting printer", strength="weak", example="Restarting printer"),
        Msg(None, r"^Args: \[", strength="strong", example="Args: ['/home/pi/klipper/klippy/klippy.py', '/home/pi/printer_data/config/printer.cfg']"),
        Msg(None, r"^Git version: '?(?P<version>[^'\s]+)", strength="strong", example="Git version: 'v0.12.0-85-gd785b396'"),
        Msg(None, r"^Loaded MCU '(?P<name>[^']+)' \d+ commands \((?P<version>[^ /)]+)", strength="strong",
            example="Loaded MCU 'mcu' 117 commands (v0.12.0-85-gd785b396 / gcc: (15:8-2019-q3-1+b1) 8.3.1 20190703 (release) [gcc-8-branch revision 273027] binutils: (2.35.2-2+14+b2) 2.35.2)"),
        Msg(None, r"^MCU '(?P<name>[^']+)' config: (?P<text>.*)", strength="strong",
            example="MCU 'mcu' config: ADC_MAX=4095 BUS_PINS_i2c1=PB6,PB7 CLOCK_FREQ=64000000 MCU=stm32g0b1xx SERIAL_BAUD=250000"),
        Msg(None, r"^===== Config file =====", strength="strong", example="===== Config file ====="),
        Msg(None, r"^========= Last MCU build config =========", strength="strong", example="========= Last MCU build config ========="),
        Msg(None, r"^Build file \S+\(\d+\): ", strength="strong", example="Build file /home/pi/klipper/klippy/../.config(2434): Tue Jun 24 10:11:12 2025"),
        Msg(None, r"^=+ Log rollover at ", strength="strong", example="=============== Log rollover at Sun Mar  5 02:41:42 2023 ==============="),
        Msg(None, r"^Stats \d+(?:\.\d+)?: gcodein=", strength="strong",
            example="Stats 1402.5: gcodein=0  mcu: mcu_awake=0.003 mcu_task_avg=0.000010 bytes_write=1282 bytes_read=6053"),
        Msg(None, r"^webhooks client \d+: ", strength="weak", example="webhooks client 547945040528: New connection"),
        Msg(None, r"^Dumping serial stats", strength="weak", example="Dumping serial stats: bytes_write=1282 bytes_read=6053"),
        Msg("mcu_protocol_error", r"^MCU Protocol error", strength="strong", fail=True, example="MCU Protocol error"),
        Msg("mcu_protocol_error", r"^Protocol error\s*$", fail=True, example="Protocol error"),
        Msg(None, r"^(?:MCU error during connect|Unhandled exception during connect)", fail=True, example="MCU error during connect"),
    ),
    group(
        # (audit s8) klippy.log lines of mcu.py / klippy.py / clocksync.py / serialhdl.py (v0.10.0 to master 2026-08) no row
        # read: the reset attempts and configuration steps of a connect (context), clock sync notes (normal in small
        # numbers), the MCU's refusals and the host's own failures (GEN001 quotes them; none names a link fault by itself)
        "Klipper klippy/mcu.py, klippy/klippy.py, klippy/clocksync.py, klippy/serialhdl.py v0.10.0-master: klippy.log",
        Msg(None, r"^Attempting (?:automated )?MCU '[^']+' (?:reset|Cheetah-style reset|config_reset command|restart: )", strength="strong",
            example="Attempting MCU 'mcu' reset command"),  # (from the source's format)
        # (audit s11) mcu.py _check_restart (v0.10.0-master): klippy restarts the MCU by itself when the config it finds
        # there is another one ("CRC mismatch": printer.cfg was edited) or rpi_usb wants a power cycle; the word
        # "mismatch" is no failure here (a restart that does not come back says so in the lines after it)
        Msg(None, r"^Attempting automated MCU '[^']+' restart: (?:CRC mismatch|full reset before config)\s*$", strength="strong",
            benign=True, example="Attempting automated MCU 'mcu' restart: CRC mismatch"),  # (from the source's format)
        Msg(None, r"^(?:Starting stk500v2 leave programmer sequence|Got \S+ from stk500v2)", strength="strong",
            example="Starting stk500v2 leave programmer sequence"),  # (from the source's format; serialhdl.py, AVR boards)
        Msg(None, r"^Sending MCU '[^']+' printer configuration", strength="strong",
            example="Sending MCU 'mcu' printer configuration..."),  # (from the source's format)
        Msg(None, r"^(?:Resetting prediction variance|Ignoring clock sample) [\d.]+: freq=\d+ diff=-?\d+", strength="strong",
            example="Resetting prediction variance 2.345: freq=72000000 diff=-1234 stddev=2.000"),  # (from the source's format)
        # inside a klippy.log block (alone on a line, the console's row of the same kind claims it)
        Msg("mcu_reset_failed", r"^(?:(?:\w+\.)?error: )?Unable to issue reset command on MCU '(?P<name>[^']+)'",
            fail=True, example="Unable to issue reset command on MCU 'mcu'"),  # (from the source's format)
        # a command after the connection that the MCU never answered (identify is read by the connect rows above)
        Msg(None, _EXC + r"(?:mcu '[^']+': )?(?:Timeout on wait for|Unable to obtain) '(?!identify_response')\w+' response", strength="strong",
            fail=True, example="Unable to obtain 'tmcuart_response' response"),  # (from the source's format)
        Msg(None, r"^(?:Config error|Internal error during (?:connect|ready callback)|(?:Repeat )?[Uu]nhandled exception during "
            r"(?:run|post run|ready callback)|Internal error in MCU '[^']+' stepcompress|Internal error! MCU already configured)",
            strength="weak", fail=True, example="Unhandled exception during run"),  # (from the source's format)
        # a shutdown the host made (verify_heater, the user's emergency stop, a macro's error): the reason follows; MCU
        # shutdowns and lost communication are read by their rows above, which come first
        Msg("klipper_shutdown", r"^Transition to shutdown state: (?P<reason>.+)", strength="strong", fail=True,
            example="Transition to shutdown state: Shutdown due to webhooks request"),  # (from the source's format)
    ),
    group(
        # (healthy2 s9) logging.info notes of a normal run that carry a failure word: extras/tmc.py _handle_sync_mcu_pos
        # ("Unable to obtain tmc %s phase": the driver was not queried while its motor is disabled; with the motor
        # enabled the same failure is raised and reported by its own error), webhooks.py _do_send ("webhooks: socket
        # write error %d": an API client such as Moonraker or a display closed its socket)
        "Klipper klippy/extras/tmc.py, klippy/webhooks.py 2020-master: notes of a normal run",
        Msg(None, r"^Unable to obtain tmc \S+ phase", benign=True, example="Unable to obtain tmc stepper_x phase"),
        Msg(None, r"^webhooks: socket write error \d+", benign=True, example="webhooks: socket write error 547945040528"),
    ),
    group(
        "Klipper klippy/extras/error_mcu.py and klippy.py message_* texts: advice Klipper prints after the real message",
        Msg(None, r"^Once the underlying issue is corrected", benign=True, example="Once the underlying issue is corrected, use the"),
        Msg(None, r"^Traceback \(most recent call last\):", benign=True, example="Traceback (most recent call last):"),
        Msg(None, r"^(?:Printer is shutdown|Error configuring printer)\s*$", benign=True, example="Printer is shutdown"),
        Msg(None, r"^(?:This often indicates the host computer is overloaded|for other processes consuming excessive|usage, disk errors, overheating|similar system problems on the host|This is generally indicative of an intermittent|communication failure between micro-controller and host|This generally occurs (?:when|in response to)|its configured min_temp or max_temp|requested to step at a rate higher|obtaining\.$|or in response to an internal error in the host)", benign=True,
            example="communication failure between micro-controller and host."),
    ),
)


class _CachedTable(MessageTable):
    """The splitter asks whether each failure-looking line is benign: in a restart loop the same lines repeat."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self._benign: dict[str, bool] = {}

    def benign(self, text: str) -> bool:
        found = self._benign.get(text)
        if found is None:
            if len(self._benign) >= MAX_CACHE:
                self._benign.clear()
            found = self._benign[text] = super().benign(text)
        return found


@register
class KlippyLogParser(TableParser):
    name = "klippy.log"
    namespace = "klipper"
    messages = MESSAGES
    # The bulk of a long log: a Stats line a second while Klipper runs, the serial dumps of every shutdown
    # ("Sent N t t n: seq: ...", "Receive: N t t n: seq: ..."), Moonraker's connections and G-code states.
    bulk = _BULK
    bulk_regions = (("===== Config file =====", _CONFIG_END, _CONFIG_BODY), (_BUILD_START, _CONFIG_END, _CONFIG_BODY))  # at every start
    event_kinds = ("serial_no_such_port", "serial_permission_denied", "serial_port_busy", "serial_io_error", "can_bus_stats", "mcu_bytes_invalid")

    def __init__(self, source: str) -> None:
        # imported here, not at module level: importing another parser module first would register it
        # ahead of this one and change which parser wins a line both claim strongly
        from doctor.parsers.printer_cfg import McuSections

        super().__init__(source)
        self._sections = McuSections
        self.lines = 0
        self.starts = 0  # "Start printer at" lines: one per start of the printer object (host restarts included)
        self.processes = 0  # "Starting Klippy..." lines: one per start of the klippy process
        self.counts: dict[str, int] = {}
        self.first: dict[tuple[str, Any], dict[str, Any]] = {}
        self.recent: deque[tuple[str, int, str, dict[str, Any]]] = deque(maxlen=MAX_RECENT)
        self.mcus: dict[str, dict[str, Any]] = {}
        self.version: str | None = None
        self.config = McuSections(source)
        self.config_lines: Any = None
        self.build_values: dict[str, str] | None = None  # inside "Last MCU build config"
        self._odd: tuple[int, str] | None = None  # one line inside a dump that no dump holds, kept back
        self.build: dict[str, str] = {}
        self.last_shutdown: tuple[str, str, int] | None = None
        self._cache: dict[str, list[tuple[Msg, str | None, dict[str, Any]]]] = {}
        self.canstats: dict[str, dict[str, Any]] = {}  # extras/canbus_stats.py in Stats lines, per CAN MCU
        # (deepen-misc s17) the first Stats line of the last session and the latest one, read for bytes_invalid at the end
        self.stats_first: tuple[int, str] | None = None
        self.stats_last: tuple[int, str] | None = None
        self.console_port: str | None = None  # (deepen-klipper-fw s19) the port klippy/console.py was run on
        self.connecting: dict[str, int] = {}  # (healthy2 s9) MCU -> first line of its connect loop's failures this session
        self.retried: set[int] = set()  # lines of connect failures a later identification of that MCU overcame
        self.overcome: list[int] = []  # every line of those connect loops (their tracebacks): not quoted as failures

    def _record(self, kind: str, lineno: int, line: str, attrs: dict[str, Any]) -> None:
        counts = self.counts
        counts[kind] = counts.get(kind, 0) + 1
        key = (kind, attrs.get("name"))
        if key not in self.first and len(self.first) < MAX_FIRST:
            self.first[key] = self._event(kind, lineno, line, attrs)
        else:
            self.recent.append((kind, lineno, line, attrs))  # made an event only if it is among the last ones

    def _event(self, kind: str, lineno: int, line: str, attrs: dict[str, Any]) -> dict[str, Any]:
        ev = {"kind": kind, "line": line.strip()[:500], "lineno": lineno, "source": self.source}
        ev.update({k: v for k, v in attrs.items() if v is not None})
        return ev

    def _matches(self, text: str) -> list[tuple[Msg, str | None, dict[str, Any]]]:
        """The rows a line matches, with the event kind and attributes they give (computed once per distinct line)."""
        found = self._cache.get(text)
        if found is None:
            found = []
            for row, m in self.table.match(text):
                attrs = event_attrs(row, m)
                attrs.pop("fail", None)
                kind = row.kind
                if kind == "serial_open_failed":
                    kind, attrs = self._serial_open(attrs)
                elif kind == "mcu_can_open_failed":
                    e = _ERRNO.search(attrs.pop("text", ""))
                    attrs["errno"] = int(e.group(1)) if e else None
                elif kind == "mcu_shutdown":
                    attrs["reason"] = attrs["reason"].strip()[:200]
                elif kind == "mcu_clock_mismatch":
                    ratio = attrs["received"] / attrs["expected"] if attrs.get("expected") else 0.0
                    # (thin-boot s15) klippy/mcu.py prints both rounded to whole MHz: a 64 MHz G0 built for 24 MHz on an 8 MHz
                    # crystal "running at 21Mhz" (21.33) is the 8:24 ratio; allow that half-MHz rounding, then 1 %. Only for a
                    # clock of 32 MHz or more (the STM32/SAMD/HC32 builds a crystal choice sets): at an RP2040's 12 MHz timer
                    # or an AVR's 16 MHz the half-MHz slack fits nearly any reading
                    exp, rec = attrs.get("expected") or 0, attrs.get("received") or 0
                    attrs["plausible"] = any(abs(ratio / r - 1) < 0.01 or (exp >= 32 and abs(exp * r - rec) <= 0.5 + 0.002 * rec)
                                             for r in _CRYSTAL_RATIOS)
                    if {exp, rec} == {168, 200}:
                        # HC32F460 (src/hc32f460/Kconfig "Clock Speed": 168 or 200 MHz): a build for the other speed than the board's
                        # bootloader sets (Anycubic Kobra boards; printers-for-people/catboat#31, Klipper PR 6291)
                        attrs["plausible"], attrs["clock_speed"] = True, True
                elif kind == "mcu_config_failed":
                    attrs["name"] = next(attrs.pop(k) for k in ("name", "name2", "name3", "name4") if k in attrs)
                    for k in ("name2", "name3", "name4"):
                        attrs.pop(k, None)
                found.append((row, kind, attrs))
            if len(self._cache) >= MAX_CACHE:
                self._cache.clear()
            self._cache[text] = found
        return found

    def feed(self, lineno: int, line: str) -> None:
        self.lines += 1
        if line.startswith(_BULK) and not (line.startswith("Receive: ") and "static_string_id=" in line):  # (s8) a dumped shutdown
            if line.startswith("Stats "):
                if "canstat_" in line:
                    self._canstat(lineno, line)
                if self.stats_first is None:
                    self.stats_first = (lineno, line)
                self.stats_last = (lineno, line)
            return
        if self.config_lines is not None or self.build_values is not None:
            if not line.startswith(_CONFIG_END) and not _CONFIG_BODY.match(line):
                # a line no dump holds: one alone is kept back (a capitalised option name); a second in a row means
                # the paste was cut inside the dump (the splitter's region ends there too): both are read as log lines
                if self._odd is None:
                    self._odd = (lineno, line)
                    return
                odd, self._odd = self._odd, None
                self._end_dump()
                self.lines -= 2  # both were counted once already
                self.feed(*odd)
                self.feed(lineno, line)
                return
            if self._odd is not None:
                odd, self._odd = self._odd, None
                self._dump_line(*odd)
            self._dump_line(lineno, line)
            return
        if line.startswith(_BUILD_START):
            self.build_values = {}
            return
        text = line.strip()
        if not text:
            return
        for row, kind, attrs in self._matches(text):
            if kind is None:
                if attrs.get("console_port"):
                    self.console_port = attrs["console_port"]  # (deepen-klipper-fw s19) console.py's port, for its timeouts
                self._state(row.pattern, attrs, line, lineno)
                continue
            if kind == "mcu_connect_timeout" and self.console_port and not attrs.get("device"):
                attrs = {**attrs, "device": self.console_port}
            if kind in _CONNECT_RETRY_KINDS:
                self.connecting.setdefault(str(attrs.get("name") or "mcu"), lineno)
            elif kind == "mcu_unable_to_connect":
                self.connecting.pop(str(attrs.get("name") or "mcu"), None)  # the loop gave up: its failures stand
            if kind == "mcu_shutdown":
                name, reason = attrs["name"], attrs["reason"]
                if self.last_shutdown and self.last_shutdown[:2] == (name, reason) and lineno - self.last_shutdown[2] < 50:
                    continue  # the same shutdown reported again by "Transition to shutdown state"
                self.last_shutdown = (name, reason, lineno)
            self._record(kind, lineno, line, attrs)

    def _canstat(self, lineno: int, line: str) -> None:
        """extras/canbus_stats.py (2025-01+) adds "canstat_NAME: bus_state=S rx_error=N tx_error=N tx_retries=N" to
        each Stats line: per CAN MCU, the counters' first and last values and the worst state seen are kept."""
        for m in _CANSTAT.finditer(line):
            name, state = m.group("name"), m.group("state").lower()
            rx, tx = int(m.group("rx")), int(m.group("tx"))
            st = self.canstats.get(name)
            if st is None:
                if len(self.canstats) >= 16:
                    continue
                st = self.canstats[name] = {"first": (rx, tx), "worst": -1}
            st["last"] = (rx, tx, lineno)
            rank = _CANSTAT_RANK.get(state, -1)
            if rank > st["worst"] or (rank > 0 and rank == st["worst"]):
                st.update(worst=rank, state=state, lineno=lineno, line=line.strip()[:500])

    def _invalid_events(self) -> list[dict[str, Any]]:
        """klippy/serialhdl.py stats ("NAME: mcu_awake=... bytes_invalid=N ...", one group per MCU in each Stats line): an MCU
        whose bytes_invalid grew between the session's first Stats line and its last (Klipper docs CANBUS_Troubleshooting.md:
        on a CAN MCU, reordered messages from the gs_usb driver before Linux 6.6, candleLight_fw before v2.0, or a
        USB-to-CAN bridge built from Klipper before v0.12)."""
        if self.stats_first is None or self.stats_last is None or self.stats_first[0] == self.stats_last[0]:
            return []
        first, last = _bytes_invalid(self.stats_first[1]), _bytes_invalid(self.stats_last[1])
        lineno, line = self.stats_last
        return [{"kind": "mcu_bytes_invalid", "name": name, "value": n, "rise": n - first[name], "line": line.strip()[:500],
                 "lineno": lineno, "source": self.source}
                for name, n in last.items() if name in first and n > first[name]][:16]

    def _retransmits(self) -> list[dict[str, Any]]:
        """(deepen-klipper-fw s19) klippy/serialhdl.py stats: each MCU's bytes_retransmit, which stays at its connect-time value
        (9 on most logs) while the link is clean; one that grew between the session's first Stats line and its last means
        frames were lost or corrupted on the way (Klipper FAQ "random Lost communication with MCU errors"; KevinOConnor in
        Klipper3d/klipper#147 and #1919: bursts of retransmits, check the USB cable and electrical noise)."""
        if self.stats_first is None or self.stats_last is None or self.stats_first[0] == self.stats_last[0]:
            return []
        first = _bytes_invalid(self.stats_first[1], "bytes_retransmit=")
        last = _bytes_invalid(self.stats_last[1], "bytes_retransmit=")
        lineno, line = self.stats_last
        return [{"name": name, "value": n, "rise": n - first[name], "line": line.strip()[:500], "lineno": lineno, "source": self.source}
                for name, n in last.items() if name in first and n > first[name]][:16]

    def _canstat_events(self) -> list[dict[str, Any]]:
        """A CAN MCU's bus left 'active' (warn, passive, off) or its error counters grew while the log ran."""
        events = []
        for name, st in self.canstats.items():
            rx0, tx0 = st["first"]
            rx, tx, last = st["last"]
            rise = (rx - rx0) + (tx - tx0)
            if st["worst"] <= 0 and rise <= 0:
                continue
            ev = {"kind": "can_bus_stats", "name": name, "bus_state": st.get("state", "active"), "rx_error": rx,
                  "tx_error": tx, "rise": rise, "source": self.source, "fail": True}
            if st["worst"] > 0:
                ev.update(line=st["line"], lineno=st["lineno"])
            else:
                ev.update(line=f"canstat_{name}: rx_error {rx0} -> {rx}, tx_error {tx0} -> {tx}", lineno=last)
            events.append(ev)
        return events

    def _state(self, p: str, attrs: dict[str, Any], line: str, lineno: int = 0) -> None:
        """Lines that are no event: starts, the config dump, versions and the MCUs' identification."""
        if p.startswith(("^Start printer at", "^Starting Klippy", "^Restarting printer")):
            self.connecting.clear()  # a new session: the failures of an unfinished connect loop stand
        if p.startswith("^Start printer at"):
            self.starts += 1
            self.stats_first = None  # the MCUs' counters start again with the new connection
        elif p.startswith("^Starting Klippy"):
            self.processes += 1
        elif "Wait for identify_response" in p:
            w = _IDENTIFY_WAIT.match(line.strip())
            if w:
                self.connecting.setdefault(w.group("name") or "mcu", lineno)
        elif p.startswith("^===== Config file"):
            self.config_lines = self._sections(self.source)
        elif p.startswith("^Git version"):
            self.version = attrs.get("version")
        elif p.startswith("^Loaded MCU"):
            first = self.connecting.pop(attrs["name"], None)
            if first is not None:  # the MCU answered after its connect loop's failures: they were overcome
                self.retried.update(range(first, lineno))
                room = MAX_OVERCOME - len(self.overcome)
                self.overcome.extend(range(first, min(lineno, first + max(room, 0))))
            info = self.mcus.setdefault(attrs["name"], {"name": attrs["name"]})
            info["version"] = attrs.get("version")
            info["lineno"] = lineno  # the last identification: the printer view orders it against failures
        elif p.startswith("^MCU '(?P<name>[^']+)' config"):
            self._mcu_config(attrs["name"], attrs.get("text", ""), line)
            self.mcus[attrs["name"]]["lineno"] = lineno

    def _serial_open(self, attrs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return serial_open_kind(attrs)

    def _mcu_config(self, name: str, config: str, line: str) -> None:
        info = self.mcus.setdefault(name, {"name": name})
        info["line"] = line.strip()[:300]
        info["source"] = self.source
        for token in config.split():
            key, _, value = token.partition("=")
            field = _CONFIG_KEYS.get(key)
            if field is None:
                continue
            if field == "mcu":
                info["mcu"] = value
            else:
                try:
                    info[field] = int(float(value))
                except ValueError:
                    pass

    def _dump_line(self, lineno: int, line: str) -> None:
        """A line inside the config dump or the last build config (its closing ===== ends it)."""
        if self.config_lines is not None:
            if line.startswith(_CONFIG_END):
                self.config = self.config_lines
                self.config_lines = None
            else:
                self.config_lines.feed(lineno, line)
        elif self.build_values is not None:
            if line.startswith(_CONFIG_END):
                self.build, self.build_values = self.build_values, None
            elif line.startswith("CONFIG_") and len(self.build_values) < 2000:
                key, _, value = line.strip().partition("=")
                self.build_values[key] = value.strip('"')

    def _end_dump(self) -> None:
        """A dump the paste cut off: what it held so far stands."""
        if self.config_lines is not None:
            if self.config_lines.mcus:
                self.config = self.config_lines
            self.config_lines = None
        if self.build_values is not None:
            self.build, self.build_values = self.build_values, None

    def finish(self) -> dict[str, Any]:
        if self._odd is not None:  # the text ended one odd line after a dump it cut: read that line
            odd, self._odd = self._odd, None
            self._end_dump()
            self.lines -= 1
            self.feed(*odd)
        if self.config_lines is not None and self.config_lines.mcus:
            self.config = self.config_lines  # a log cut inside its config dump
        seen: set[int] = set()
        events = []
        recent = [self._event(*r) for r in self.recent]
        for ev in sorted([*self.first.values(), *recent, *self._canstat_events(), *self._invalid_events()], key=lambda e: e["lineno"]):
            if ev["kind"] in _CONNECT_RETRY_KINDS and ev["lineno"] in self.retried:
                continue  # (healthy2 s9) a connect failure its MCU's later identification overcame
            if ev["lineno"] not in seen:
                seen.add(ev["lineno"])
                events.append(ev)
        log: dict[str, Any] = {
            "path": self.source,
            "source": self.source,
            "origin": "pasted",
            "lines": self.lines,
            "counts": dict(self.counts),
            "events": events,
        }
        starts = self.starts or self.processes  # a paste cut before "Start printer at" still shows its process starts
        if starts:
            log["starts"] = starts
        if self.version:
            log["version"] = self.version
        if self.mcus:
            log["mcus"] = list(self.mcus.values())
        retransmits = self._retransmits()
        if retransmits:
            log["retransmits"] = retransmits
        out: dict[str, Any] = {"log": log}
        build = self.build or self.build_values
        if build:
            from doctor.parsers.kconfig import interpret

            facts = interpret(build)
            facts.update({"path": self.source, "source": self.source, "origin": "pasted", "values": build,
                          "line": f"CONFIG_MCU=\"{facts['mcu']}\"" if facts.get("mcu") else _BUILD_START})
            out["katapult_config" if facts["kind"] == "katapult" else "config"] = facts
        if self.config.mcus:
            out["printer_cfg"] = {"path": self.source, "mcus": self.config.mcus, "origin": "pasted"}
        if self.overcome:
            return {"klipper": out, "text": {"overcome": [{"source": self.source, "lineno": n} for n in self.overcome]}}
        return {"klipper": out}


def serial_open_kind(attrs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The event kind of klippy's "Unable to open (serial) port: TEXT" from TEXT (pyserial's errno and wording): one
    place for the log and for the web consoles (Mainsail, Fluidd, OctoPrint), which show the same message."""
    from doctor.parsers.serial_errors import classify as classify_serial

    msg = attrs.pop("text", "")
    e = _ERRNO.search(msg)
    p = _PORT.search(msg)
    device = next((x for x in p.groups() if x), None) if p else None
    found = classify_serial(msg)
    if found is None and e:
        # pyserial's own errno decides where the text names no /dev path the classifier knows (a by-id name given
        # without its folder: "could not open port usb-Klipper_...-if00: [Errno 2] No such file or directory")
        from doctor.parsers.serial_errors import _ERRNO_KIND
        errno_kind = _ERRNO_KIND.get(int(e.group(1)))
        found = (errno_kind, {}) if errno_kind else None
    kind, extra = found if found else ("serial_open_failed", {})
    extra = {k: v for k, v in extra.items() if k not in ("name", "line", "lineno", "source", "kind")}
    extra.setdefault("errno", int(e.group(1)) if e else None)
    extra.setdefault("port", device)
    return kind, {**attrs, "device": device, **extra}


KlippyLogParser.table = _CachedTable(MESSAGES)
