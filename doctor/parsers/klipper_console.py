"""Klipper's state and error messages as Mainsail, Fluidd, OctoPrint, KlipperScreen and Moonraker show them.

The web interfaces do not show klippy.log: they show Klipper's *state message* (the banner "Klipper
reports: ERROR" / "SHUTDOWN" followed by the message Klipper built) and the G-code console, where Klipper's
replies carry prefixes: `!! ` for errors, `// ` for information (`// Klipper state: Shutdown`). People paste
these far more often than the log. The messages (Klipper klippy/klippy.py, klippy/extras/error_mcu.py,
klippy/mcu.py, klippy/serialhdl.py, klippy/msgproto.py):

- protocol error (host and MCU firmware built from different code), two wordings:
  v0.10 and older: "This type of error is frequently caused by running an older version of the firmware on
  the micro-controller (fix by recompiling and flashing the firmware)." + "Known versions: host=..., mcu=..."
  + "Protocol error connecting to printer"; v0.10.0-400 (2022-05) and later: "MCU Protocol error" + "This is
  frequently caused by running an older version of the firmware on the MCU(s)..." + "Your Klipper version
  is: X" + "MCU(s) which should be updated:" + "name: Current version Y" + "Up-to-date MCU(s):". The detail
  line names the mismatch: "mcu 'eddy': Command format mismatch: ...", "Unknown command: ...".
- MCU shutdown: "MCU 'mcu' shutdown: Timer too close", "Previous MCU 'mcu' shutdown: ...",
  "Lost communication with MCU 'mcu'"; connect errors: "mcu 'mcu': Unable to connect",
  "mcu 'mcu': Unable to open serial port: ...".

Facts: the same events as klippy.log's parser, under `klipper.log.events` (origin "console"), so one rule
judges a log and a banner alike: mcu_protocol_error (name, text: the detail; version: the host's),
mcu_version (name, version; state "stale" when listed as to be updated; expected: the host's version), mcu_shutdown,
mcu_lost_communication, mcu_unable_to_connect, serial_open_failed, mcu_reset_failed, mcu_config_failed, klipper_state
(state; the last one is a failure when the paste ends not ready, shut down or in error with nothing saying why: the
header, "Klipper state: X", and (s8) the banner's last line "Printer is shutdown" / "Printer is halted" / "Error
configuring printer", whose failure then quotes the first line of the message it closes that no row knows),
klipper_shutdown (s8: a shutdown klippy itself makes: verify_heater, an MCU's spontaneous restart, TMC UART errors),
mcu_deprecated_code (name, feature, version, expected: Klipper's 2026 warning for an MCU built from older code) and
octoprint_connect_failed (OctoPrint's own handshake timeouts and failed autodetection), octoprint_baud_try (baud: the
rate OctoPrint's autodetection tries) and octoprint_recv_garbled (baud: a reply of non-text bytes, read at that rate). Prefixes handled: Mainsail/Fluidd time stamps (on the line or above it), OctoPrint's "Recv: ", "!! " and
"// ". The state header ("Klipper reports: ERROR") and the advice Klipper appends (error_mcu.py's hints, "Once the
underlying issue is corrected...", "Printer is shutdown") are marked benign: GEN001 quotes the message itself.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# the console's prefixes: "!! " (error reply), "// " (information), "echo: " (OctoPrint), Mainsail's time stamp; and the
# quote a forum post wraps a copied message in ("mcu 'mcu': Unable to connect ... Error configuring printer", straight or
# curly, folded to ASCII by the reader), which the trailing quote mark closes (`_QUOTE_END`)
_LOG_STAMP = re.compile(r"^(?:\w{3} \d\d [\d:]+ \S+ \S+: )?\d{4}-\d\d-\d\d [\d:,]+ - ")
_LOW_LATENCY_TRACE = (r"^Traceback \(most recent call last\):", r"^During handling of the above exception", r"^\s*File \"",
                      r"\bset_low_latency_mode\b", r"ASYNC_LOW_LATENCY", r"TIOCSSERIAL", r"^OSError: \[Errno 95\] Operation not supported")
_RECV_TEXT = re.compile(r"^(?:[\d-]+ [\d:,]+ - (?:SERIAL - DEBUG - )?)?Recv: (?:start\s*$|echo:|ok\b|FIRMWARE_NAME:|Marlin )")
_PREFIX = re.compile(r"^(?:[\"`]\s*)?(?:\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?:?\s+)?(?:Recv:\s*)?(?:!!\s*|//\s*|echo:\s*)?")
_QUOTE_END = re.compile(r"[\"`]+\s*$")

# The reasons an MCU gives for a shutdown that people meet while printing or connecting (Klipper src/sched.c,
# stepper.c, gpiocmds.c, adccmds.c, basecmd.c, thermocouple.c; klippy/extras/error_mcu.py explains the first ones).
# They are quoted in many shapes besides Klipper's own line: without the MCU's name, in lower case, in brackets,
# inside a sentence ("Prints failing because of Error MCU shutdown: Timer too close"), or alone.
_REASONS = (r"timer too close|move queue overflow|rescheduled timer in the past|missed scheduling of next [a-z0-9]{1,10}(?: [a-z0-9]{1,10})? event|"
            r"scheduled [a-z0-9]{1,10}(?: [a-z0-9]{1,10})? event will exceed max_duration|stepper too far in past|invalid count parameter|"
            r"adc out of range|command request|watchdog timer!?|thermocouple reader fault|i2c timeout")
# (audit s8) every other reason the MCU firmware gives for a shutdown: the strings of Klipper's src/ shutdown() and
# try_shutdown() calls, v0.10.0 to master 2026-08 (src/*.c, generic/, linux/, stm32/, rp2040/, atsam*/, lpc176x/, avr/,
# pru/ and sensor drivers). With its "MCU 'x' shutdown: " the line is read by the rows above; these are the reason alone
# on its line, as a console ("!! I2C NACK") or a forum post gives it. None of them names a connection fault: GEN001
# quotes them. Left out as too plain to be Klipper's on a line alone: "Invalid command", "Already finalized",
# "i2c error", "model type invalid", "bus_type invalid".
_SRC_REASONS = (
    'Can not set soft pwm cycle ticks while updates pending',
    'Can not use timer1 for PWM; timer1 is used for timers',
    'Invalid DS18B20 serial id, could not open for reading',
    'PWM already programmed with different pulse duration',
    'All PCA9685 channels must have the same cycle_ticks',
    'Could not start DS18B20 reader thread (mutex init)',
    'Could not start DS18B20 reader thread (cond init)',
    'Addresses larger than 3 bytes are not supported',
    "Invalid DS18B20 serial id, must not contain '/'",
    'update_digital_out not valid with active queue',
    'Filter section index larger than max_sections',
    'Invalid combination of TX pin and CLK pin',
    'PWM already programmed at different speed',
    'Sercom RX pad collides with TX or CLK pad',
    'TX pin not on PAD0 or CLK pin not on PAD1',
    'config_reset only available when shutdown',
    'Aliasing PWM pin already has PWM enabled',
    'Invalid ads131m0x channels configuration',
    'Unable to set non-blocking on spi device',
    "Can't add signal that is already active",
    'Unable to open and init PCA9685 device',
    'Could not start DS18B20 reader thread',
    "DS18B20 sensor didn't respond in time",
    "Can't reset time when stepper active",
    'Set button past maximum button count',
    'HX71x gain/channel out of range 1-4',
    'PRU does not support push/pull pins',
    'i2c_modify_bits: Odd number of bits',
    'Error getting monotonic clock time',
    'Invalid analog_in bytes_per_report',
    'Shutdown cleared when not shutdown',
    'Another CAN node assigned this ID',
    'Unable to open out GPIO chip line',
    'Invalid buttons retransmit count',
    'Invalid pca9685 channel or value',
    'Unable to open in GPIO chip line',
    'i2c_read not supported on samd21',
    'Invalid neopixel update command',
    'Unable to open GPIO chip device',
    'i2c_read not supported on stm32',
    'Invalid thermocouple chip type',
    'Unable to update PCA9685 value',
    'Thermocouple ADC out of range',
    'Error reading DS18B20 sensor',
    'Invalid SERCOM configuration',
    'Invalid i2c_setup parameters',
    'Invalid spi_setup parameters',
    'angle sensor requires cs pin',
    'Invalid spi_angle chip type',
    'Unable to config pwm device',
    'GPIO chip device not found',
    'I2C NACK error encountered',
    'Invalid neopixel data_size',
    'PWM channel already in use',
    'Invalid move request size',
    'PWM output already in use',
    'Unable to issue spi ioctl',
    'Unable to open adc device',
    'Unable to open i2c device',
    'Unable to open spi device',
    'Unable to read i2c device',
    'Failed to send i2c start',
    'bus_type i2c unsupported',
    'bus_type spi unsupported',
    'Failed to send i2c addr',
    'Unable to set SPI speed',
    'Unable write i2c device',
    'ADC module not enabled',
    'Force shutdown command',
    'Unable to set SPI mode',
    'Unable to write to spi',
    'oids already allocated',
    'tmcuart data too large',
    'Invalid pca9685 value',
    'Not a valid input pin',
    'sentinel timer called',
    'Command parser error',
    'DS18B20 out of range',
    'Error on analog read',
    'Message encode error',
    'Too many i2c devices',
    'Too many spi devices',
    'I2C START READ NACK',
    'I2C timeout occured',
    'Invalid PWM channel',
    'Not a valid ADC pin',
    'Not a valid PWM pin',
    'Unsupported i2c bus',
    'alloc_chunks failed',
    'Invalid SERCOM bus',
    'Invalid spi config',
    'Not an adc channel',
    'alloc_chunk failed',
    'Not an output pin',
    'Request from PRU0',
    "Can't assign oid",
    'Invalid oid type',
    'Invalid sdio bus',
    'Max of 8 buttons',
    'Not an input pin',
    'invalid gpio pin',
    'Invalid i2c bus',
    'Invalid mux pin',
    'Invalid spi bus',
    'Not a valid pin',
    'I2C START NACK',
    'soft_i2c NACK',
    'i2c buserror',
    'I2C NACK',
)
_SRC_REASON = r"^(?:!! ?)?(?P<reason>" + "|".join(re.escape(r) for r in _SRC_REASONS) + r")!?\s*\.?$"
_LOOSE_SHUTDOWN = r"(?i)\bMCU(?: '(?P<name>[^']+)')? (?:is_)?shutdown: ?(?P<reason>" + _REASONS + ")"
# (audit s8) with the console's "!! " too: the splitter sees the line as pasted, and "!! Timer too close" alone was silent
_BARE_REASON = r"(?i)^(?:!! ?)?(?P<reason>" + _REASONS + r")\s*[.!]?$"
# the states Klipper reports when it is not running the printer (klippy.py: "startup" shows "Printer is not ready",
# OctoPrint's "// Klipper state: Not ready"; "shutdown", "error"); "Disconnect" is a passing state of every restart
_STUCK_STATES = ("not", "notready", "shutdown", "error", "halted")
# a banner flattened onto one line by a copy: "Klipper reports: SHUTDOWN MCU 'mcu' shutdown: Timer too close"
_FLAT_BANNER = re.compile(r"^(Klipper reports: \w+)\s+(\S.*)$")
# Creality's Klipper (K1/K1C/K1 Max, K2, Sonic Pad, Ender-3 V3: CrealityOfficial/K1_Series_Klipper klippy/*.py) wraps its
# messages in JSON for its screen and cloud app: {"code": "key344", "msg": "Unable to connect mcu 'nozzle_mcu': ", "values":
# [...]}. The message inside is Klipper's own (serialhdl.py key343-345 turn "mcu 'x': Unable to connect" round into
# "Unable to connect mcu 'x': "; mcu.py key90-94 shutdowns, key560-563 lost communication, key294-302 connect and config).
_CREALITY_JSON = re.compile(r'^\{\s*"code"\s*:\s*"key\d+"?\s*[,:]\s*"msg"\s*:\s*"(?P<msg>(?:[^"\\]|\\.)*)"')  # "key61, (sic)
_CREALITY_CONNECT = re.compile(r"^Unable to connect (?P<mcu>mcu '[^']+'):\s*$")

MESSAGES = rows_of(
    group(
        "Klipper klippy/configfile.py deprecate_mcu_code (2026-02 and later): the warnings panel of Mainsail/Fluidd",
        # a firmware older than the host that still works but lacks a feature the host now uses (STEPPER_STEP_BOTH_EDGE,
        # spi_set_sw_bus, i2c_transfer...): Klipper runs, and asks for a rebuild and flash of that MCU
        Msg("mcu_deprecated_code", r"^\s*MCU '(?P<name>[^']+)' has deprecated code \(it is missing feature '(?P<feature>[^']+)'\)\."
            r"(?: Recompiling and flashing is recommended \(MCU version '(?P<version>[^']*)', host version '(?P<expected>[^']*)'\))?",
            strength="strong", example="MCU 'mcu' has deprecated code (it is missing feature 'STEPPER_STEP_BOTH_EDGE'). Recompiling and flashing is "
            "recommended (MCU version '047b8fe-dirty-20230703_160308-mkspi', host version 'v0.13.0-593-g2f05309d')."),
    ),
    group(
        "Klipper klippy/extras/error_mcu.py (2024-06 and later), klippy/klippy.py v0.10.0-400 to 2024-06",
        Msg("mcu_protocol_error", r"^MCU Protocol error\s*$", strength="weak", fail=True,
            example="MCU Protocol error"),
        Msg(None, r"^This is frequently caused by running an older version of the", strength="strong",
            example="This is frequently caused by running an older version of the"),
        Msg("klipper_host_version", r"^Your Klipper version is: (?P<version>\S+)", strength="strong",
            example="Your Klipper version is: v0.12.0-418-g0114d72a6-dirty"),
        Msg(None, r"^MCU\(s\) which should be updated:", strength="strong",
            example="MCU(s) which should be updated:"),
        Msg("mcu_version", r"^(?P<name>[\w.\-]+(?: [\w.\-]+)?): Current version (?P<version>\S+)",
            example="eddy: Current version v0.12.0-418-g0114d72a6-dirty-20250227_172900-mainsailos"),
        Msg("mcu_versions_updated", r"^Up-to-date MCU\(s\):", example="Up-to-date MCU(s):"),
    ),
    group(
        "Klipper klippy/klippy.py v0.6-v0.10.0-400 (protocol error, older wording)",
        Msg(None, r"^This type of error is frequently caused by running an older", strength="strong", benign=True,
            example="This type of error is frequently caused by running an older"),
        Msg("mcu_known_versions", r"^Known versions: (?P<text>.*)", strength="strong",
            example="Known versions: host=v0.10.0-130-g68c92991, mcu=v0.10.0-112-g9ecddd1b"),
        Msg("mcu_protocol_error", r"^Protocol error connecting to printer", strength="strong", fail=True,
            example="Protocol error connecting to printer"),
    ),
    group(
        "Klipper klippy/msgproto.py (all versions): the detail of a protocol error",
        # (klipper-host s7) msgproto's own wording, 2016 to today: "Command format mismatch: <host format> vs <mcu
        # format>" (two message formats with %-conversions), bare before 2021 (no "mcu 'name': " prefix, often
        # behind "error: " in a traceback); the host and the MCU firmware were built from different versions. The
        # " vs " between two formats is the signal: a line with it alone is Klipper's, pasted on its own (the
        # "mcu 'name': " form is klippy.log's strong row; the consoles' copies of it are claimed below)
        Msg("mcu_command_mismatch", r"^(?:\w+\.)?(?:error: )?(?P<text>Command format mismatch: \S+ .* vs \S.*)",
            strength="strong", fail=True,
            example="Command format mismatch: schedule_soft_pwm_out oid=%c clock=%u on_ticks=%u vs schedule_soft_pwm_out oid=%c clock=%u value=%hu"),
        Msg("mcu_command_mismatch", r"^(?:mcu '(?P<name>[^']+)': )?(?P<text>(?:Command format mismatch|Unknown command|"
            r"Unable to extract params from|Unknown response|Unable to encode): .*)", fail=True,
            example="mcu 'eddy': Command format mismatch: ldc1612_setup_home oid=%c clock=%u vs ldc1612_setup_home oid=%c"),
    ),
    group(
        "Klipper banner and console (klippy.py message_* texts, error_mcu.py, Mainsail/Fluidd prefixes)",
        Msg("klipper_state", r"^Klipper reports: (?P<state>\w+)\s*$", strength="strong", benign=True,
            example="Klipper reports: SHUTDOWN"),
        # the header and its message on one line (a copy that lost the line break): matched part by part
        # (match_line), and not benign as a whole, so the failure scan still quotes it
        Msg(None, r"^Klipper reports: \w+\s+\S", strength="strong",
            example="Klipper reports: ERROR mcu 'mcu': Unable to connect"),
        Msg("klipper_state", r"^Klipper state: (?P<state>\w+)", strength="weak",
            example="Klipper state: Shutdown"),
        Msg("mcu_shutdown", r"^(?:Previous )?MCU '(?P<name>[^']+)' shutdown: (?P<reason>.+)", fail=True,
            example="MCU 'mcu' shutdown: Timer too close"),
        Msg("mcu_lost_communication", r"^Lost communication with MCU '(?P<name>[^']+)'", fail=True,
            example="Lost communication with MCU 'mcu'"),
        Msg("mcu_shutdown", _LOOSE_SHUTDOWN, strength="weak", fail=True, example="[MCU shutdown: move queue overflow]"),
        # inside another message: a macro's error (Happy Hare "Error running _MMU_...: ..."), "Internal error on command"
        Msg("mcu_lost_communication", r"\bLost communication with MCU '(?P<name>[^']+)'", strength="weak", fail=True,
            example="Error running _MMU_ACTION_CHANGED: Lost communication with MCU 'mmu'"),
        Msg("mcu_shutdown", _BARE_REASON, strength="weak", fail=True, example="Timer too close"),
        Msg("mcu_shutdown", _SRC_REASON, strength="weak", fail=True, example="I2C NACK error encountered!"),  # (from the source's format)
        Msg("serial_open_failed", r"^mcu '(?P<name>[^']+)': Unable to open (?:serial |CAN )?port: (?P<text>.*)", fail=True,
            example="mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyACM0"),
        Msg("mcu_unable_to_connect", r"^mcu '(?P<name>[^']+)': Unable to connect", fail=True,
            example="mcu 'mcu': Unable to connect"),
        Msg("mcu_unable_to_connect", r"^Unable to connect\s*$", fail=True, attrs={"name": "mcu"},
            example="Unable to connect"),  # klippy.py before 2021-01: the message named no MCU
        Msg(None, r"^(?:\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?:? +)?(?:Recv: ?)?(?:!!|//) ?(?:MCU '|Previous MCU '|mcu '|Lost communication with MCU|Klipper state: |MCU Protocol error|Command format mismatch: |Failed automated reset of MCU|Can not update MCU|Unable to configure MCU|Printer is not ready|"
            r"Unknown value '[^']*' in enumeration|Option '[^']+' (?:in|is not valid in) section|Section '[^']+' is not a valid|Unknown pin chip name)",
            strength="strong", example="Recv: // MCU 'ercf' shutdown: Timer too close"),
        Msg(None, r"^\d\d:\d\d(?::\d\d)? +(?:MCU '|Previous MCU '|mcu '|Lost communication with MCU|MCU Protocol error|Command format mismatch: |Failed automated reset of MCU|Unable to connect\s*$)",
            strength="strong", example="12:15:02 Lost communication with MCU 'mcu'"),
        # a message a forum post quotes: the opening quote before Klipper's own words (Klipper Discourse, GitHub prose)
        Msg(None, r"^[\"`] ?(?:mcu '[^']+': (?:Unable to|Serial connection closed|Timeout on connect)|(?:Previous )?MCU '[^']+' shutdown: |"
            r"Lost communication with MCU '|MCU Protocol error|Klipper reports: (?:ERROR|SHUTDOWN))",
            strength="strong", example="\"mcu 'mcu': Unable to connect"),
        Msg(None, r'^(?:\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?:? +)?(?:Recv: ?)?(?:!! ?|// ?)?\{\s*"code"\s*:\s*"key\d+"?\s*[,:]\s*"msg"\s*:', strength="strong",
            example='{"code": "key344", "msg": "Unable to connect mcu \'nozzle_mcu\': ", "values":["mcu \'nozzle_mcu\': "]}'),
        Msg("mcu_reset_failed", r"^Failed automated reset of MCU '(?P<name>[^']+)'", strength="weak", fail=True,
            example="Failed automated reset of MCU 'mcu'"),
        Msg("mcu_config_failed", r"^(?:Can not update MCU '(?P<name>[^']+)' config as it is shutdown|Unable to configure MCU '(?P<mcu_name>[^']+)')",
            strength="weak", fail=True, example="Can not update MCU 'eboard' config as it is shutdown"),
        Msg(None, r"^Once the underlying issue is corrected, use the", strength="weak", benign=True,
            example='Once the underlying issue is corrected, use the "RESTART"'),
        Msg(None, r"^MCU error during connect", strength="weak", fail=True, example="MCU error during connect"),
        Msg("klipper_state", r"^Error configuring printer\s*$", strength="weak", benign=True, attrs={"state": "error"},
            example="Error configuring printer"),
        # klippy.py message_startup / OctoPrint's "!! Printer is not ready": the state Klipper is stuck in when a paste ends
        # there (finish() marks the last such state a failure unless a later state says Ready)
        Msg("klipper_state", r"^Printer is not ready\s*$", strength="weak", benign=True, attrs={"state": "NotReady"},
            example="Printer is not ready"),
        Msg(None, r"^The klippy host software is attempting to connect", example="The klippy host software is attempting to connect.  Please"),
    ),
    group(
        # (klipper-host s8) the reasons klippy itself shuts the printer down for (klippy.py invoke_shutdown callers, all
        # versions): they come above error_mcu.py's "Once the underlying issue is corrected ... Printer is shutdown" in the
        # banner and the console, often with no other line. Not an MCU link fault: GEN001 quotes them
        "Klipper klippy/extras/verify_heater.py, mcu.py, tmc_uart.py, tmc.py, klippy.py: host-side shutdown reasons",
        Msg("klipper_shutdown", r"^Heater (?P<name>\S+) not heating at expected rate", strength="strong", fail=True,
            example="Heater extruder not heating at expected rate"),
        Msg("klipper_shutdown", r"^MCU '(?P<name>[^']+)' spontaneous restart", strength="strong", fail=True,
            example="MCU 'mcu' spontaneous restart"),
        Msg("klipper_shutdown", r"^(?:TMC \S+ failed to init: )?Unable to read tmc uart '(?P<name>[^']+)' register \w+",
            strength="strong", fail=True, example="TMC gear_stepper failed to init: Unable to read tmc uart 'gear_stepper' register IFCNT"),
        Msg("klipper_shutdown", r"^TMC '(?P<name>[^']+)' reports error: ", strength="strong", fail=True,
            example="TMC 'stepper_x' reports error: GSTAT:      00000001 reset=1(Reset)"),
    ),
    group(
        # (audit s8) messages of klippy's mcu.py / canbus_ids.py / serialhdl.py / webhooks.py (v0.10.0 to master 2026-08)
        # that no row read when Mainsail, Fluidd or OctoPrint show them ("!! " stripped): config checks mcu.py makes on
        # the pins of printer.cfg, the MCU refusing its configuration, commands it never answered, the user's own stop
        "Klipper klippy/mcu.py, klippy/extras/canbus_ids.py, klippy/serialhdl.py, klippy/webhooks.py v0.10.0-master: console",
        Msg("config_error", r"^(?:!! ?)?(?:[\w.]+\.)?(?:[Ee]rror: )?(?P<text>(?:Digital|PWM) pin max duration too large|PWM pin cycle time too large|"
            r"Pin with max duration must have start value equal to shutdown value|Static pin can not have shutdown value|"
            r"shutdown value must be 0\.0 or 1\.0 on soft pwm|pin type \w+ not supported on mcu|Duplicate canbus_uuid|"
            r"Too high clock speed for MCU '(?P<name>[^']+)' to be able to resolve)",
            strength="strong", fail=True, example="PWM pin cycle time too large"),  # (from the source's format)
        Msg("mcu_config_failed", r"^(?:!! ?)?(?:[\w.]+\.)?(?:[Ee]rror: )?(?:MCU '(?P<name>[^']+)' (?:CRC does not match config|error during config)|"
            r"Too few moves available on MCU '(?P<name2>[^']+)'|Unable to configure MCU '(?P<name3>[^']+)')", strength="strong", fail=True,
            example="MCU 'mcu' CRC does not match config"),  # (from the source's format)
        Msg("mcu_reset_failed", r"^(?:!! ?)?(?:[\w.]+\.)?(?:[Ee]rror: )?Unable to issue reset command on MCU '(?P<name>[^']+)'", strength="strong",
            fail=True, example="Unable to issue reset command on MCU 'mcu'"),  # (from the source's format)
        # a command sent after the connection that the MCU never answered (not identify: klippy.log's rows read that one)
        Msg(None, r"^(?:!! ?)?(?:[\w.]+\.)?(?:[Ee]rror: )?(?:mcu '[^']+': )?(?:Timeout on wait for|Unable to obtain) '(?!identify_response')\w+' response", strength="weak",
            fail=True, example="Unable to obtain 'spi_transfer_response' response"),  # (from the source's format)
        # webhooks.py: the emergency stop of Mainsail/Fluidd/Moonraker (M112 or the button): a shutdown the user asked for
        Msg("klipper_shutdown", r"^(?:!! ?)?Shutdown due to webhooks request", strength="strong", fail=True,
            example="Shutdown due to webhooks request"),
    ),
    group(
        # (audit s11) mcu.py / homing.py messages of v0.10.0 to master 2026-08 no row claimed: a pin of printer.cfg the
        # MCU's firmware has no name for (mcu.py, all versions: a typo, or a config written for another MCU: GEN001
        # rather than a guess), an ADC oversampling the MCU cannot sum (2026-02+), and the homing or probing move whose
        # trigger report never came back in time (homing.py "... during homing probe" to 2024, mcu.py since: a
        # multi-MCU home over a slow or lossy link, docs/Multi_MCU_Homing.md; no single cause)
        "Klipper klippy/mcu.py, klippy/extras/homing.py v0.10.0-master 2026-08: console",
        Msg("config_error", r"^(?:!! ?)?(?:[\w.]+\.)?(?:[Ee]rror: )?(?P<text>Pin '[^']*' is not a valid pin name on mcu '(?P<name>[^']+)'|"
            r"ADC sample_count=\d+ too large for MCU)", strength="strong", fail=True,
            example="Pin 'PA99' is not a valid pin name on mcu 'mcu'"),  # (from the source's format)
        Msg(None, r"^(?:!! ?)?(?:[\w.]+\.)?(?:[Ee]rror: )?Communication timeout during homing(?: \w+)?\s*$", strength="strong", fail=True,
            example="Communication timeout during homing probe"),  # (from the source's format)
        # configfile.py getchoice (restart_method, canbus_interface...), the include loop, and canbus_ids.py get_nodeid
        # (2021+: a canbus_uuid no [mcu] section declared), all versions: printer.cfg errors Klipper stops on
        Msg("config_error", r"^(?:!! ?)?(?:[\w.]+\.)?(?:[Ee]rror: )?(?P<text>Choice '[^']*' for option '[^']+' in section '(?P<name>[^']+)' is not a valid choice|"
            r"Recursive include of config file '[^']+'|Unknown canbus_uuid \w+)", strength="strong", fail=True,
            example="Choice 'linux' for option 'restart_method' in section 'mcu' is not a valid choice"),  # (from the source's format)
        # serialhdl.py (all versions): the MCU's serial link closed under a query of the connect (identify, get_config)
        # (the traceback's "serialhdl.error: ..." form is klippy.log's)
        Msg("mcu_serial_closed", r"^(?:!! ?)?mcu '(?P<name>[^']+)': Serial connection closed", strength="strong",
            fail=True, example="mcu 'mcu': Serial connection closed"),  # (from the source's format)
    ),
    group(
        "Klipper klippy/configfile.py, klippy/pins.py (all versions): printer.cfg errors Klipper stops on",
        Msg("config_error", r"^(?:\w+\.)?(?:[Ee]rror: )?(?P<text>Option '[^']+' in section '(?P<name>[^']+)' must (?:be specified|have (?:minimum|maximum) of|"
            r"be (?:above|below)|have \d+ elements)|Unable to parse option '[^']+' in section '(?P<name2>[^']+)'|"
            r"Section '(?P<name3>[^']+)' is not a valid config section|Option '[^']+' is not valid in section '(?P<name4>[^']+)'|"
            r"Include file '[^']+' does not exist|Unknown pin chip name '[^']+'|Unknown chip name '[^']+'|Duplicate chip name '[^']+'|"
            r"pin \S+ used multiple times in config|Invalid pin description '[^']*'|"
            # msgproto.py (2019-03 and later): a pin (or other enumerated value) the MCU's firmware does not know: a
            # mistyped pin, or a config written for another MCU (LPC P0.24 on an AVR); Klipper adds its protocol hint
            r"Unknown value '[^']*' in enumeration '[^']+'|Pin \S+ reserved for \S+ - can't reserve for \S+|"
            r"pin \S+ is (?:an alias for|reserved for) \S+|Shared pin \S+ must have same polarity)",
            strength="strong", fail=True, example="Option 'canbus_uuid' in section 'mcu EBBCan' must be specified"),
        # (klipper-host s8) the same configfile.py message retyped from a screen: names without their quotes, in any case,
        # the last word misspelt ("must be specifiled"), flattened with the banner that follows it
        Msg("config_error", r"(?i)\b(?P<text>Option '?[\w.\-]+'? in section '?(?P<name>[\w.\- ]{1,40}?)'? must be specifi\w*)",
            strength="strong", fail=True, example="Option serial in section mcu must be specifiled..Once the underlying issue is corrected"),
    ),
    group(
        # (klipper-host s8) the state line error_mcu.py / klippy.py end every stop message with: message_shutdown's
        # "Printer is shutdown", message_restart's "Printer is halted" (a config or protocol error), message_mcu_connect_error's
        # "Error configuring printer". Not failures by themselves (the scan skips them, GEN001 quotes the message they close),
        # but a paste that shows one and no message doctor knows stops there all the same: finish() makes the last one a
        # failure then, quoting the message above it (retyped, a reason no row knows)
        "Klipper klippy/klippy.py message_restart, klippy/extras/error_mcu.py message_shutdown / message_mcu_connect_error",
        Msg("klipper_state", r"(?:^|// ?|!! ?)Printer is (?P<state>shut ?down|halted)\.?\s*$", strength="weak", benign=True,
            example="Printer is halted"),
        # the same banner flattened onto one line (a retyped or copied screen): "...Once the underlying issue is
        # corrected,use the RESTART. command to reload the config and restart the host software..Printer is halted."
        Msg("klipper_state", r"(?i)\bOnce the underlying issue is corrected.{0,200}?\bPrinter is (?P<state>shut ?down|halted)\b",
            strength="weak", benign=True,
            example="Once the underlying issue is corrected,use the RESTART. command to reload the config and restart the host software..Printer is halted."),
    ),
    group(
        "OctoPrint 1.3-1.10 src/octoprint/util/comm.py: the serial port its terminal opens (with Klipper it must be "
        "/tmp/printer, klippy's pseudo-tty; the MCU's own port is klippy's)",
        Msg("octoprint_port", r"^Connected to: Serial<id=0x[0-9a-fA-F]+, open=True>\(port='(?P<port>[^']+)'", strength="strong", benign=True,
            example="Connected to: Serial<id=0x733a9410, open=True>(port='/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0', baudrate=115200, bytesize=8, parity='N', stopbits=1, timeout=10.0, xonxoff=Fa"),
        Msg("octoprint_port", r"(?:^|- )Connecting to: (?P<port>/\S+|COM\d+)\s*$", strength="weak",
            example="Connecting to: /dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0"),
        # OctoPrint 1.4 and later (also in octoprint.log behind its "date - octoprint.util.comm - INFO - " prefix)
        Msg("octoprint_port", r"(?:^|- )Connecting to port (?P<port>/\S+|COM\d+), baudrate \d+", strength="weak",
            example="2020-12-01 13:51:22,106 - octoprint.util.comm - INFO - Connecting to port /dev/ttyUSB0, baudrate 250000"),
        Msg(None, r"^Changing monitoring state from \"[\w ]+\" to \"[\w ]+\"", strength="strong",
            example='Changing monitoring state from "Offline" to "Opening serial port"'),
        # (klipper-host helper) OctoPrint's own connection failures (comm.py, as its terminal, serial.log and octoprint.log
        # print them): the port opened but nothing answered its M110/M105 handshake at that baud, or no port answered at all
        Msg("octoprint_connect_failed", r"(?:^|- )(?P<text>There was a timeout while trying to connect to the printer|"
            r"No more candidates to test, and no working port/baudrate combination detected|Failed to autodetect serial port|"
            r"Too many consecutive timeouts, printer still connected and alive\?)", strength="strong", fail=True,
            attrs={"via": "octoprint"}, example="There was a timeout while trying to connect to the printer"),
        # (octoprint s9) the same verdict inside the pop-up or the state ("... Due to that OctoPrint disconnected. Error: Too many
        # consecutive timeouts, printer still connected and alive?", 1.2-1.3 "Offline: Too many consecutive timeouts ...")
        Msg("octoprint_connect_failed", r"(?:Error|Offline): (?P<text>Too many consecutive timeouts, printer still connected and alive\?)",
            strength="strong", fail=True, attrs={"via": "octoprint"},
            example="There was an unhandled error while talking to the printer. Due to that OctoPrint disconnected. Error: Too many consecutive "
                    "timeouts, printer still connected and alive?"),
        # (octoprint s9) comm.py 1.4+: the handshake's retry ("No answer from the printer within the connection timeout,
        # trying another hello"): nothing came back to M110 at this port and baud yet. Not a failure alone (the next
        # hello may be answered); the final "There was a timeout ..." above is
        # (octoprint s9) comm.py 1.5+ asks pyserial for low-latency mode on every port it opens; the ioctl is refused on CDC-ACM
        # and most USB-serial drivers, and OctoPrint logs that at ERROR with two tracebacks, then goes on: harmless, in
        # healthy logs of every such printer (the tracebacks that follow are made benign by the parser's state)
        Msg(None, r"(?:^|- )Could not set low latency mode on serial port, continuing without", strength="strong", benign=True,
            example="2021-10-27 09:49:06,837 - octoprint.util.comm - ERROR - Could not set low latency mode on serial port, continuing without"),
        # (octoprint s9) a plain-text reply of a G-code firmware in OctoPrint's terminal / serial.log ("Recv: start", "Recv: echo:...",
        # "Recv: ok", "Recv: FIRMWARE_NAME:..."): the port and the baud rate carry the firmware's words, so a later handshake
        # timeout is not the speed (FirmwareUpdater#10: a Prusa MK2 sent its banner, then waited on its own display)
        Msg("octoprint_recv_text", r"(?:^|- )Recv: (?:start\s*$|echo:|ok\b|FIRMWARE_NAME:|Marlin )",
            example="Recv: echo: Free Memory: 2670  PlannerBufferBytes: 1280"),
        Msg("octoprint_no_answer", r"(?:^|- )No answer from the printer within the connection timeout", strength="strong", benign=True,
            example="No answer from the printer within the connection timeout, trying another hello"),
        # (octoprint s9) comm.py _handle_resend_request (1.2-1.11): the firmware asked for a line number OctoPrint no
        # longer holds (wording "Printer requested line %d but no sufficient history is available, can't resend" and,
        # 1.5+, "Should resend line %d but no sufficient history is available, can't resend"): a print stops here. The
        # causes lie in the firmware's line bookkeeping or a corrupted reply (a digit lost: OctoPrint#4671), outside
        # the catalogue, so GEN001 quotes it
        Msg("octoprint_resend_failed", r"(?:Printer requested|Should resend) line (?P<text>\d+) but no sufficient history is available",
            strength="strong", fail=True, attrs={"via": "octoprint"},
            example="Printer requested line 634 but no sufficient history is available, can't resend"),
        # (intl-printer s7) OctoPrint 1.2-1.3 comm.py's baud-rate autodetection ("Trying baudrate: %d", "Baudrate test
        # retry: %d", then "No more baudrates to test, and no suitable baudrate found.") and 1.4+'s serial_comm.py
        # ("Serial detection: Trying port %s, baudrate %d"); the failure also appears inside the state change, quoted
        # with single quotes by 1.2-1.3 ('Error: No more baudrates...') and double quotes by 1.4+
        Msg("octoprint_baud_try", r"(?:^|- )(?:Trying baudrate: (?P<baud>\d+)|Serial detection: Trying port (?P<port>\S+), baudrate (?P<baud2>\d+))",
            strength="strong", benign=True,
            example="2016-09-27 00:37:32,194 - SERIAL - DEBUG - Trying baudrate: 250000"),
        Msg(None, r"^Baudrate test retry: \d+", strength="strong", benign=True, example="Baudrate test retry: 4"),
        Msg(None, r"^Starting baud rate detection", strength="strong", benign=True, example="Starting baud rate detection"),
        Msg("octoprint_connect_failed", r"(?P<text>No more baudrates to test, and no suitable baudrate found|"
            r"No more candidates to test, and no working port/baudrate combination detected)", strength="strong", fail=True,
            attrs={"via": "octoprint"},
            example="Changing monitoring state from 'Offline' to 'Error: No more baudrates to test, and no suitable baudrate found."),
        # (klipper-host helper, session 6) OctoPrint opened a board that runs Klipper's firmware: its terminal shows Klipper's
        # binary message blocks (klippy/serialhdl.py, src/command.c: [len][0x10|seq]...[crc16][0x7e]), which OctoPrint prints
        # with the non-printable bytes escaped: "~\x0b\x10?3..." is a block's end (0x7e '~'), the next one's length and
        # sequence byte. A G-code firmware never sends these; the port belongs to klippy, OctoPrint's is /tmp/printer
        Msg("klipper_protocol_frames", r"~(?:\\x[01][0-9a-f]|[ -?])\\x1[0-9a-f]",
            example=r"\x10?M��W��\x12��~\x0b\x10?3�\x08�&��~\x0b\x10?3�l�vV�~\x0b\x10?3�p�"),
        # normal steps of a connection that carry the word "timeout" (a setting, not an error)
        Msg(None, r"(?:^|- |Serial detection: )Handshake attempt #\d+ with timeout [\d.]+s", strength="strong", benign=True,
            example="Handshake attempt #1 with timeout 2.0s"),
        Msg(None, r"(?:^|- |Serial detection: )Performing autodetection with \d+ port/baudrate candidates", strength="strong", benign=True,
            example="Performing autodetection with 6 port/baudrate candidates: /dev/ttyUSB0@115200, /dev/ttyUSB0@250000"),
        # (intl-printer s7) what OctoPrint received during the handshake, as its terminal / serial.log print it: a G-code
        # firmware (Marlin, Prusa, Repetier, Smoothieware) answers in plain ASCII. Read at another baud rate the reply
        # turns into bytes >= 0x80 and control bytes, which OctoPrint shows as U+FFFD (1.2-1.3: sanitize_ascii with
        # errors="replace"), as C1 controls / \xNN escapes beside Latin-1 letters (1.4+: decoded as latin1; its terminal
        # and octo4a escape the controls). Three such tokens close together at the start of a received line; Latin-1
        # letters alone are not counted (a German or French message). Klipper's binary frames are the row above's.
        Msg("octoprint_recv_garbled", r"(?:^|- Recv: ?)[^\n]{0,12}?(?:\ufffd|\\x[0-9a-fA-F]{2}|[\u0080-\u009f])"
            r"[^\n]{0,12}?(?:\ufffd|\\x[0-9a-fA-F]{2}|[\u0080-\u009f])[^\n]{0,12}?(?:\ufffd|\\x[0-9a-fA-F]{2}|[\u0080-\u009f])",
            example="2016-09-27 00:37:44,607 - SERIAL - DEBUG - Recv: ~\ufffd\ufffd~\ufffd\ufffdf\ufffd\ufffd\ufffd\ufffd"),
    ),
    group(
        "KlipperScreen screen/screen_panel.py (2020-2026): its own header above Klipper's state message",
        Msg(None, r"^Klipper has (?:encountered an error\.?|shutdown|disconnected)\s*$", strength="weak", benign=True,
            example="Klipper has encountered an error."),
        Msg(None, r"^(?:Issue a FIRMWARE[_ ]RESTART to attempt fixing the issue|A FIRMWARE[_ ]RESTART may fix the issue)", strength="weak",
            benign=True, example="Issue a FIRMWARE RESTART to attempt fixing the issue."),
        Msg(None, r"^Klippy is shutdown\s*$", strength="weak", benign=True, example="Klippy is shutdown"),
    ),
    group(
        "Klipper klippy/extras/error_mcu.py, klippy.py: advice and state lines that follow the real message (not failures "
        "themselves; the failure scan checks the line as pasted, so these allow the consoles' prefixes)",
        Msg(None, r"(?:^|// ?|!! ?)(?:Printer is shutdown|Klipper state: (?:Shutdown|Disconnect|Not ready|Error))\s*$", benign=True,
            example="Recv: // Klipper state: Shutdown"),
        Msg(None, r"(?:^|// ?)(?:Once the underlying issue is corrected|This often indicates the host computer is overloaded|for other processes consuming excessive|usage, disk errors, overheating|similar system problems on the host|This is generally indicative of an intermittent|communication failure between micro-controller and host|This generally occurs (?:when|in response to)|its configured min_temp or max_temp|requested to step at a rate higher|obtaining\.$|or in response to an internal error in the host)", benign=True,
            example="// usage, disk errors, overheating, unstable voltage, or"),
    ),
)


@register
class KlipperConsoleParser(TableParser):
    name = "klipper-console"
    stamped = True  # its own time stamps (parsers/__init__.py _undecorate_batch)
    namespace = "klipper"
    messages = MESSAGES
    hints = ('"code"', "handshake attempt", "no sufficient history", "low latency mode", "not heating at expected rate", "unable to read tmc uart", "autodetect serial port", "klipper", "mcu", "version", "protocol", "frequently", "command", "printer", "underlying", "lost communication",
             "unable to connect", "klippy", "restart", "has encountered", "has shutdown", "has disconnected", "timer too close",
             "queue overflow", "timer in the past", "missed scheduling", "too far in past", "count parameter", "adc out of range",
             "command request", "watchdog timer", "reader fault", "i2c timeout", "in section", "config section", "include file",
             "chip name", "pin description", "multiple times in config", "in enumeration", "reserved for", "alias for", "same polarity", "connecting to", "connected to", "baudrate",
             "monitoring state", "max duration", "cycle time too large", "shutdown value", "duplicate canbus_uuid",
             "unable to obtain", "timeout on wait for", "shutdown due to", "will exceed max_duration",
             "timeout during homing", "canbus_uuid", "recursive include") + tuple(r.lower() for r in _SRC_REASONS)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.host_version: str | None = None
        self.in_update_list = False
        self._reason: tuple[int, str] | None = None
        self._recv_text = 0
        self._low_latency_trace = False  # inside the tracebacks OctoPrint logs after "Could not set low latency mode"

    def _set_low_latency_trace(self, inside: bool) -> None:
        # the failure scan reads the block parser's `benign` patterns before each line: the lines of the low-latency
        # tracebacks are harmless while in them (an instance value of the class default, hence setattr)
        self._low_latency_trace = inside
        setattr(self, "benign", _LOW_LATENCY_TRACE if inside else ())

    def feed(self, lineno: int, line: str) -> None:
        if self._low_latency_trace and _LOG_STAMP.match(line.strip()):
            self._set_low_latency_trace(False)  # the next log record ends the tracebacks
        super().feed(lineno, line)

    def on_unmatched(self, lineno: int, line: str) -> None:
        # (octoprint s9) a firmware's plain-text reply in OctoPrint's terminal ("Recv: start", "Recv: echo:..."): the table's
        # rows see the line with "Recv: " and "echo:" cut off, so it is recognised here on the line as pasted
        if self._recv_text < 3 and _RECV_TEXT.match(line.strip()):  # a few are enough (a print's log holds thousands of "ok")
            self._recv_text += 1
            self.event("octoprint_recv_text", lineno, line)
            return
        # (klipper-host s8) the message a stop banner closes: the first line since the last banner or state header that no
        # row knows (a shutdown reason or config error doctor has no row for, or one retyped), so that finish() can quote it
        if self._reason is None and len(line.strip()) > 3:
            self._reason = (lineno, line)

    def match_line(self, text: str) -> list[tuple[Msg, re.Match[str]]]:
        text = _QUOTE_END.sub("", _PREFIX.sub("", text, count=1)).strip()
        creality = _CREALITY_JSON.match(text)
        if creality:  # the Klipper message inside Creality's JSON, as Klipper words it
            inner = creality.group("msg").replace("\\n", "\n").replace('\\"', '"').split("\n")[0].strip()
            connect = _CREALITY_CONNECT.match(inner)
            if connect:
                inner = f"{connect.group('mcu')}: Unable to connect"
            return self.table.match(inner, self.all_matches)
        flat = _FLAT_BANNER.match(text)
        if flat:  # the state header and the message it introduces, each matched on its own
            return self.table.match(flat.group(1), self.all_matches) + self.table.match(flat.group(2), self.all_matches)
        return self.table.match(text, self.all_matches)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if row.kind is None and "low latency mode" in row.pattern:
            self._set_low_latency_trace(True)
        if ev is not None:
            ev["origin"] = "console"
            if row.kind == "klipper_state" and isinstance(ev.get("state"), str):
                ev["state"] = ev["state"].replace(" ", "")  # "Printer is shut down" as retyped
            if row.kind == "klipper_state":
                if str(ev.get("state") or "").lower() in ("shutdown", "halted", "error") and not line.lstrip().startswith("Klipper reports"):
                    if self._reason is not None:
                        ev["reason_lineno"], ev["reason_line"] = self._reason
                self._reason = None
        if row.kind == "octoprint_baud_try" and ev is not None:
            # (intl-printer s7) the baud OctoPrint is trying: what it then receives was read at that rate
            baud = ev.pop("baud2", None) or ev.get("baud")
            ev["baud"] = int(baud) if baud else None
            self.octoprint_baud = ev["baud"]
        elif row.kind == "octoprint_port":
            rate = re.search(r"baudrate[= ](\d+)", line)
            if rate:
                self.octoprint_baud = int(rate.group(1))
        elif row.kind == "octoprint_recv_garbled" and ev is not None:
            ev["baud"] = getattr(self, "octoprint_baud", None)
            ev["baud_text"] = f" at {ev['baud']} baud" if ev["baud"] else ""
        if row.kind == "serial_open_failed" and ev is not None:
            # (klipper-host helper, session 6) the same "Unable to open serial port: [Errno N] ..." klippy.log gives, as the
            # consoles show it (Mainsail/Fluidd time stamps, OctoPrint's "// ", a post's quotes): the same kinds as in the
            # log (serial_no_such_port, serial_permission_denied, serial_port_locked...), so one rule judges both
            self._classify_open(ev)
        if row.kind == "klipper_host_version":
            self.host_version = m.group("version")
        elif row.pattern.startswith(r"^MCU\(s\) which"):
            self.in_update_list = True
        elif row.kind == "mcu_versions_updated":
            self.in_update_list = False
        elif row.kind == "mcu_version" and ev is not None:
            ev["expected"] = self.host_version
            ev["state"] = "stale" if self.in_update_list else "current"  # listed under "should be updated" or not
        elif row.kind == "mcu_config_failed" and ev is not None and "mcu_name" in ev:
            ev["name"] = ev.pop("mcu_name")
        elif row.kind in ("config_error", "mcu_config_failed") and ev is not None:  # (audit s8) mcu_config_failed's name2/name3
            for key in ("name2", "name3", "name4"):
                if key in ev:
                    ev["name"] = ev.pop(key)
        elif row.kind == "mcu_known_versions" and ev is not None:
            versions = dict(re.findall(r"([\w.\-]+)=(\S+?)(?:,|$)", m.group("text")))
            self.host_version = versions.pop("host", None)
            for name, version in versions.items():
                self.event("mcu_version", lineno, line, name=name, version=version, expected=self.host_version,
                           state="stale", origin="console")

    @staticmethod
    def _classify_open(ev: dict[str, Any]) -> None:
        from doctor.parsers.klippy_log import _ERRNO, serial_open_kind

        text = str(ev.get("text") or "")
        if "CAN port" in str(ev.get("line") or ""):
            e = _ERRNO.search(text)
            ev.update(kind="mcu_can_open_failed", errno=int(e.group(1)) if e else None)
            return
        kind, attrs = serial_open_kind({"text": text})
        ev["kind"] = kind
        ev.update({k: v for k, v in attrs.items() if v is not None and k not in ev})

    def finish(self) -> dict[str, Any]:
        events = [e for e in self.events if e["kind"] not in ("klipper_host_version", "mcu_versions_updated", "mcu_known_versions")]
        if not events:
            return {}
        states = [e for e in events if e["kind"] == "klipper_state"]
        reasons = [(e.pop("reason_lineno", None), e.pop("reason_line", None)) for e in states]  # finish's own, not facts
        if states and not any(e.get("fail") for e in events) \
                and str(states[-1].get("state") or "").lower() in _STUCK_STATES:
            # the paste ends with Klipper not ready, shut down or in error and no message says why: a failure all the
            # same (GEN001 quotes it and asks for klippy.log), never silence; a later "Klipper state: Ready" clears it
            states[-1]["fail"] = True
            at, reason = reasons[-1]
            if isinstance(reason, str) and isinstance(at, int):  # quote the message the banner closes, not the banner
                states[-1]["line"], states[-1]["lineno"] = reason.strip()[:500], at
        if self.host_version:
            for ev in events:
                if ev["kind"] == "mcu_protocol_error":
                    ev["version"] = self.host_version
        log: dict[str, Any] = {"events": events, "origin": "console", "source": self.source}
        out: dict[str, Any] = {"log": log}
        failed = [e for e in events if e.get("fail")]
        if failed:  # a run of the failures, so that GEN001 quotes those the scan's words miss ("must be specified", a bare reason)
            run = self.run(success=False) | {"events": failed}
            if all(e.get("via") == "octoprint" for e in failed):
                run["tool"] = "octoprint"  # OctoPrint's own connection failures: its next step, not Klipper's
            out["runs"] = [run]
        return {"klipper": out}
