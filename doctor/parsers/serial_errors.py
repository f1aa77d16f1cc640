"""Messages of the programs that open serial ports: pyserial (and everything built on it: OctoPrint,
Pronterface/Printrun, klippy, Katapult flashtool.py, esptool), Node serialport, avrdude's ser_open(), terminals
(picocom, minicom, screen, cu), the Arduino IDE. Each message becomes an event of a run under `serial.runs`.

Kinds (port = the path the program tried, errno when the text gives one):
- serial_permission_denied: `[Errno 13] Permission denied: '/dev/ttyACM0'`, `No permission to access device`,
  `ser_open(): can't open device "/dev/ttyACM0": Permission denied`, Node's `Permission denied, cannot open
  /dev/ttyUSB0`, the same in other languages (`Keine Berechtigung`, `Permiso denegado`)
- serial_port_locked: `Could not exclusively lock port /dev/... [Errno 11] Resource temporarily unavailable`
- serial_multiple_access: `device reports readiness to read but returned no data (device disconnected or
  multiple access on port?)`
- serial_port_busy: `[Errno 16] Device or resource busy`, `(Port busy)`,
  minicom's `Device /dev/ttyUSB0 is locked.`, and on Windows `could not open port 'COM3': PermissionError(13,
  'Access is denied.', None, 5)` / `WindowsError(5, 'Access is denied.')`: Windows opens COM ports
  exclusively and answers "access denied" when another program has the port open (not a permission problem);
  the same in Node serialport (`Opening COM4: Access denied`), .NET (`Access to the port 'COM3' is denied.`),
  libserialport (`SerialPortError: Access is denied., errno = 5`), jSSC (`Exception type - Port busy`) and
  go.bug.st/serial under the Arduino IDE 2 (`Serial port busy. Could not connect to COM4 serial port.`)
- serial_in_use: Katapult's `Serial device /dev/ttyACM0 in use by another program.` block, with the holder's
  `Process ID:`, `Process Systemd Unit Name:`, `Command Line:` or `Executable:` (also recorded as the port's
  `holders` under serial.ports)
- serial_no_such_port: `[Errno 2] No such file or directory: '/dev/ttyUSB0'`, `No Serial Device found at ...`,
  `(Port not found)`, `[Errno 19] No such device` on a tty, Windows `FileNotFoundError(2, 'The system cannot
  find the file specified.'`
- serial_tty_not_found: `Unable to find tty device`
- serial_io_error: `[Errno 5] Input/output error` on a port, Windows `OSError(22, 'The semaphore timeout period
  has expired.'` / `A device attached to the system is not functioning` / `ClearCommError failed`
- serial_open_failed: `could not open port ...` with no cause the text names; Taylor UUCP's `cu: ttyUSB0: Line in use` (its
  lock failed: a holder or the tty's permissions, via cu-lock)

`classify(line)` is public: parsers of tools that print these messages inside their own output (klippy.log,
flashtool, avrdude) call it so that one wording maps to one event kind everywhere.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers._glibc import ENOENT_L10N
from doctor.parsers import register
from doctor.parsers._messages import MessageTable, Msg, TableParser, group, rows_of

EVENT_KINDS = (
    "serial_permission_denied", "serial_port_locked", "serial_multiple_access", "serial_port_busy",
    "serial_in_use", "serial_no_such_port", "serial_tty_not_found", "serial_io_error", "serial_open_failed",
    "serial_config_failed", "serial_baud_unsupported", "serial_no_ports",  # (s8 audit) pyserial: settings refused, a baud it cannot set, list_ports empty
    "serial_driver_not_loaded",  # (stackexchange s9) macOS refused to load the USB-serial driver extension
    "serial_device_run",  # (printer-forks s13) a shell refused to run a /dev/serial/by-* path typed as a command
    "serial_reply_undecodable",  # (serial-host-apps s17) Printrun: the printer's reply was no UTF-8 text ("Maybe a bad baudrate?")
    "serial_host_online",  # (serial-host-apps s17) Printrun: the firmware answered ("Printer is now online."): the link works
    "serial_terminal_opened",  # (deepen-ser-usb-fw s18) a terminal program's banner naming the port it opened (picocom, minicom, miniterm)
    "serial_terminal_garbled",  # (uart-serial s24) after that banner, only undecodable bytes came (the terminal's rate is not the board's)
)

_SERIAL_PATH = r"(?:/dev/(?:tty\w+|serial/by-(?:id|path)/\S+|rfcomm\d+|pts/\d+|cu\.\S+)|/tmp/klipper_host_mcu|/tmp/\w*serial\w*|(?i:COM)\d+)"
_PATH_RX = re.compile(_SERIAL_PATH)
# /dev nodes that are never a serial port (raw USB, HID, disks, cameras, buses), and pyserial's own open message
_NOT_A_TTY = re.compile(r"/dev/(?:bus/usb|hidraw|sd[a-z]|nvme|mmcblk|video|media|i2c|spidev|gpiochip|snd|dri|input|fb\d|mem\b|null\b|vchiq|disk/)")
_OPEN_PORT = re.compile(r"(?i)could not open port|unable to open (?:serial )?port")
# (stackexchange s9) a tty path quoted without its leading slash ('dev/ttyACM0': a script's typo, a post's retyping) still
# names the port
_QUOTED_PATH = re.compile(r"""['"»«](?P<p>/[^'"»«\s]+|(?i:COM)\d+|dev/tty\w+)['"»«]""")
_PORT_WORD = re.compile(r"\bport '?(?P<p>/\S+?|(?i:COM)\d+)'?(?::|,|\s|$)")
# (serial-host-tools s11) a tty's name given without its /dev/ folder (`-p ttyUSB0`, a tool's port setting): pyserial opens it
# relative to the working directory and says `could not open port ttyUSB0: [Errno 2] No such file or directory: 'ttyUSB0'`
# (picocom, minicom: `cannot open ttyUSB0: No such file or directory`)
_BARE_TTY = re.compile(r"""(?:\bport |['"]|\bcan(?:not|'t) open )(?P<p>tty(?:USB|ACM|AMA|S|THS|mxc)\d+)(?=['":,\s]|$)""")
_ERRNO = re.compile(r"\[Errno (\d+)\]|\bOSError\((\d+),|\berror\((\d+),|PermissionError\((\d+),|WindowsError\((\d+),|\[Error (\d+)\]"
                    r"|serial port \S+?[.:]? (?:Error code|errno) (\d+)\b"  # C/C++ programs: OpenZWave, libserial ("Error code 13")
                    r"|FileNotFoundError\((\d+),"
                    r"|\berrno\(\) == (\d+)")  # (serial-host s10b) purejavacomm's PortInUseException("errno() == N"): any failed open()
# A port name of another operating system: a /dev/ path opened on Windows (pyserial's serialwin32 with the
# Windows "path not found" text, FileNotFoundError(2, '...', None, 3): Windows error 3 = path not found, in any
# language), or COMn opened on Linux/macOS (the POSIX "No such file or directory"). A project or tool setting
# copied from another machine (PlatformIO's upload_port/monitor_port, a script's default port).
_WINDOWS_MISSING = re.compile(r"(?i)FileNotFoundError\(2, '[^']*', None, [23]\)|WindowsError\(\d+, '[^']*'\)|\[WinError [23]\]"
                              r"|cannot find the (?:path|file) specified|serialwin32")
_POSIX_MISSING = re.compile(r"(?i)\[Errno 2\]|No such file or directory|\bENOENT\b")
_COM_PORT = re.compile(r"(?i)^(?:\\{2,4}[.?]\\{1,2})?COM\d+$")
# (serial-host s10b) serial ports a computer has of its own, never a board's: Bluetooth serial profiles (macOS
# /dev/cu.Bluetooth-Incoming-Port, /dev/cu.<device>-SPP / -SPPDev / -SP / -SerialPort / -WirelessiAP, Linux /dev/rfcomm*)
# and macOS's internal consoles (debug-console, wlan-debug, MALS, SOC). A tool that picks the first port (mos flash,
# esptool's port scan, an IDE's stale selection) and lands on one fails with busy, timeout or "does not exist"
_BUILTIN_PORT = re.compile(r"(?i)^/dev/(?:cu|tty)\.(?:[^/]*bluetooth[^/]*|[^/]*-(?:SPP\w*|SP|SerialPort|WirelessiAP\w*)"
                           r"|debug-console|wlan-debug|MALS|SOC)$|^/dev/rfcomm\d+$")


def _builtin(attrs: dict[str, Any]) -> dict[str, Any]:
    port = attrs.get("port")
    if port and _BUILTIN_PORT.match(port):
        attrs["builtin_port"] = "bluetooth" if re.search(r"(?i)bluetooth|-S[PE]|SerialPort|WirelessiAP|rfcomm", port) else "macos-internal"
    return attrs


def foreign_port(port: str | None, text: str) -> str | None:
    """'windows' for a /dev/ path that Windows could not find, 'posix' for COMn that Linux/macOS could not find."""
    if not port:
        return None
    if port.startswith("/dev/") and _WINDOWS_MISSING.search(text):
        return "windows"
    if _COM_PORT.match(port) and _POSIX_MISSING.search(text) and not re.search(r"(?i)serialwin32|\bWinError\b|, None, \d+\)", text):
        return "posix"
    return None
_SERIAL_CONTEXT = re.compile(r"(?i)serial|could not open port|\bport\b|/dev/tty|'dev/tty|['\"]tty(?:USB|ACM|AMA|S|THS|mxc)\d+['\"]|/dev/serial|/dev/cu\.|klipper_host_mcu|ser_open|\bCOM\d|cannot open /dev/|minicom|picocom|screen")

# Rows: the first matching row with a kind decides. `generic` rows (an errno text any program prints) only count
# when the line is about a serial port (see classify).
_GENERIC = {"generic": True}
# a tty node named in a shell's, coreutils' or terminal's message (macOS dial-in /dev/tty.* and call-out /dev/cu.* included)
_DEV_TTY = r"/dev/(?:tty\w*|tty\.[\w.-]+|cu\.[\w.-]+|serial\d|serial/by-(?:id|path)/[\w:.+-]+|rfcomm\d+)"
# (gather-host s20) a shell's or coreutils' line about a tty node: the program, bash's "line N" (translated: "Zeile N",
# "ligne N", ...), the node, then the (translated) strerror
_SHELL_TTY_HEAD = (r"^(?:[\w./-]+ ?: )?(?:(?:\d+|Zeile \d+|ligne \d+|línea \d+|linha \d+|riga \d+|строка \d+) ?: )?(?P<port>" + _DEV_TTY
                   + r") ?: ")
MESSAGES = rows_of(
    group(
        "Katapult scripts/flashtool.py validate_device (2024-08+), Klipper scripts/flash_usb.py",
        Msg("serial_in_use", r"(?i)(?:serial device|device) (?P<port>\S+) (?:is )?in use by another (?:program|process)", strength="strong",
            fail=True, example="Serial device /dev/ttyACM0 in use by another program."),
        Msg("serial_in_use", r"FlashError: Serial device (?P<port>\S+) in use", strength="strong", fail=True,
            example="FlashError: Serial device /dev/ttyACM0 in use"),
        Msg("serial_permission_denied", r"(?i)no permission to access device", strength="strong", fail=True, attrs={"errno": 13},
            example="No permission to access device /dev/serial/by-id/usb-katapult_rp2040_E66-if00"),
        Msg("serial_no_such_port", r"(?i)no serial device found at", strength="strong", fail=True,
            example="No Serial Device found at /dev/ttyACM1"),
        Msg("serial_tty_not_found", r"(?i)unable to find tty device", strength="strong", fail=True,
            example="Failed to flash to /dev/serial/by-id//dev/serial/by-id/usb-Klipper_stm32g0b1xx_momentOS-if00: Unable to find tty device"),
    ),
    group(
        # (astronomy s15) INDI drivers (KStars/Ekos, StellarMate, Astroberry, indiserver logs): libindi
        # libs/indibase/connectionplugins/connectionserial.cpp Serial::Connect() (2017-2026) logs
        # LOGF_WARN("Port %s is already used by another driver or process.") when tty_connect() returns TTY_PORT_BUSY (open()
        # kept failing with EBUSY: another program holds the tty under TIOCEXCL: gpsd claiming a CP210x mount or focuser on
        # Astroberry, astroberry-server#62/#133/#219; before 2019-09 a flock() refusal) and otherwise
        # LOGF_ERROR("Failed to connect to port (%s). Error: %s") with libs/indicore/indicom.c tty_error_msg(): TTY_PORT_FAILURE
        # is "Port failure Error: <strerror(errno)>. Check if device is connected to this port." or, for EACCES, "... Try
        # adding your user to the dialout group and restart (sudo adduser $USER dialout)". Examples: the sources' formats
        "INDI libindi connectionserial.cpp Serial::Connect() + indicom.c tty_error_msg() (1.7-2.1)",
        Msg("serial_port_busy", r"\bPort (?P<port>\S+) is already used by another driver or process\b", strength="strong", fail=True,
            attrs={"via": "indi"}, example="2019-02-21T13:07:20: [WARNING] Port /dev/focuser is already used by another driver or process."),
        Msg("serial_permission_denied", r"(?:Failed to connect to port \((?P<port>[^)\s]+)\)\. Error: )?Port failure Error: Permission denied\b",
            strength="strong", fail=True, attrs={"errno": 13, "via": "indi"},
            example="[ERROR] Failed to connect to port (/dev/ttyUSB0). Error: Port failure Error: Permission denied. Try adding your user to the dialout group and restart (sudo adduser $USER dialout)"),
        Msg("serial_no_such_port", r"(?:Failed to connect to port \((?P<port>[^)\s]+)\)\. Error: )?Port failure Error: No such (?:file or directory|device)\b",
            strength="strong", fail=True, attrs={"errno": 2, "via": "indi"},
            example="[ERROR] Failed to connect to port (/dev/ttyUSB0). Error: Port failure Error: No such file or directory. Check if device is connected to this port."),
        Msg("serial_port_busy", r"(?:Failed to connect to port \((?P<port>[^)\s]+)\)\. Error: )?Port failure Error: Device or resource busy\b",
            strength="strong", fail=True, attrs={"errno": 16, "via": "indi"},
            example="[ERROR] Failed to connect to port (/dev/ttyACM0). Error: Port failure Error: Device or resource busy. Check if device is connected to this port."),
        Msg("serial_io_error", r"(?:Failed to connect to port \((?P<port>[^)\s]+)\)\. Error: )?Port failure Error: Input/output error\b",
            strength="strong", fail=True, attrs={"errno": 5, "via": "indi"},
            example="[ERROR] Failed to connect to port (/dev/ttyUSB0). Error: Port failure Error: Input/output error. Check if device is connected to this port."),
        Msg("serial_open_failed", r"Failed to connect to port \((?P<port>[^)\s]+)\)\. Error: (?P<text>.{1,200})", strength="strong", fail=True,
            attrs={"via": "indi"}, example="[ERROR] Failed to connect to port (/dev/ttyUSB0). Error: Port failure Error: Inappropriate ioctl for device. Check if device is connected to this port."),
    ),
    group(
        # (web-flashers s14) ExpressLRS src/python/serials_find.py serial_ports() (2021-2026, the flasher.pyz of the ExpressLRS
        # Configurator): opening each candidate tty with pyserial, an error whose text contains "permission denied" (EACCES)
        # is re-raised as this; the user may not open the tty (ExpressLRS-Configurator#726, flatpak on Linux). `raised`: the
        # traceback's `raise Exception("You don't ...")` source line counts too, the literal being this function's alone
        "ExpressLRS src/python/serials_find.py serial_ports()",
        Msg("serial_permission_denied", r"You don't have permission to use serial port!?", strength="strong", fail=True,
            attrs={"errno": 13, "raised": True}, example="Exception: You don't have permission to use serial port!"),
    ),
    group(
        # (homeauto-de s13) openHAB's Z-Wave binding puts the serial library's refusal into the thing's status (and openHAB 1's
        # ZWaveController logs the same words): serial_notfound is nrjavaserial/RXTX's NoSuchPortException, which also
        # covers a port RXTX did not list because the openhab user may not open or lock it, so the path is one reading of
        # several (`java_serial` marks it); serial_inuse is PortInUseException: another program (or a stale LCK.. file) has it
        "openHAB org.openhab.binding.zwave 1.x-4.x src/main/resources/OH-INF/i18n/thingstate.properties (serial_notfound, serial_inuse)",
        Msg("serial_no_such_port", r"Serial Error: Port (?P<port>\S+?)\.? does not exist", strength="strong", fail=True,
            attrs={"java_serial": True},
            example="OFFLINE (COMMUNICATION_ERROR): Serial Error: Port /dev/ttyAMC0 does not exist"),
        Msg("serial_port_busy", r"Serial Error: Port (?P<port>\S+?)\.? is in use", strength="strong", fail=True,
            attrs={"java_serial": True}, example="Serial Error: Port /dev/ttyACM0 is in use"),
    ),
    group(
        # (desktop-os-forms s17) RXTX's open checks the lock directory first: check_lock_status() calls check_group_uucp(),
        # which creates a test file in LOCKDIR (/var/lock, Fedora's /run/lock/lockdev, group lock or uucp); when fopen fails it
        # reports "check_group_uucp(): error testing lock file creation Error details:" and strerror (one report line, no
        # separator), then "check_lock_status: No permission to create lock file." (RXTX 2.1/2.2 adds "please see: How can I
        # use Lock Files with rxtx? in INSTALL") and the open fails. The user may not write the lock directory: not in its
        # group (kkMulticopterFlashTool#4, Fedora 19). fhs_lock()'s lockdev build says it as "creating lock file for: <tty>"
        "RXTX 2.1-2.2 / nrjavaserial src/main/c/src/SerialImp.c check_lock_status(), check_group_uucp(), fhs_lock()",
        Msg("serial_permission_denied", r"check_group_uucp\(\): error testing lock file\s*creation Error details:\s*Permission denied"
            r"|\bcheck_lock_status: No permission to create lock file", strength="strong", fail=True,
            attrs={"errno": 13, "via": "rxtx-lock"},
            example="check_group_uucp(): error testing lock file creation Error details:Permission deniedcheck_lock_status: No permission to create lock file.",
            src="nrjavaserial b1da316 src/main/c/src/SerialImp.c check_group_uucp() report_error(\"check_group_uucp(): error testing lock file \" \"creation Error details:\"); report_error(strerror(errno)); check_lock_status() \"check_lock_status: No permission to create lock file.\\n\""),
        Msg("serial_permission_denied", r"\bRXTX fhs_lock\(\) Error: (?:creating|opening) lock file(?: for)?: \S+ Permission denied",
            strength="strong", fail=True, attrs={"errno": 13, "via": "rxtx-lock"},
            example="RXTX fhs_lock() Error: creating lock file for: /dev/ttyUSB0: Permission denied",
            src="nrjavaserial b1da316 src/main/c/src/SerialImp.c lib_lock_dev_lock() \"RXTX fhs_lock() Error: creating lock file for: %s: %s\\n\", fhs_lock() \"RXTX fhs_lock() Error: opening lock file: %s: %s.\""),
    ),
    group(
        # (audit-serial-stacks s18) RXTX's and nrjavaserial's own refusals. CommPortIdentifier.open() throws PortInUseException
        # with the owner's name when another program has the port ("Unknown Application": the native fuser-style lookup found no
        # name; "Unknown Owner": nrjavaserial 5.x's open that failed after its retries); the native RXTXPort.open() throws it as
        # throw_java_exception(env, PORT_IN_USE_EXCEPTION, "open", strerror(errno)), whose text is "<strerror> in open"
        # (snprintf "%s in %s"), so the errno's words decide. On Windows RXTX's termios emulation reports a failed CreateFile as
        # "Error 0x<winerror> at <file>(<line>): <FormatMessage>" (5 = ERROR_ACCESS_DENIED: another program has the COM port;
        # 2 = ERROR_FILE_NOT_FOUND), the text in Windows' language
        "RXTX 2.1-2.2 / nrjavaserial 3.x-5.2.1 src/main/c/src/SerialImp.c RXTXPort:open + throw_java_exception() (\"%s in %s\"), "
        "CommPortIdentifier.java open(), include/windows/win32termios.h YACK() (\"Error 0x%x at %s(%d): %s\")",
        Msg("serial_permission_denied", r"PortInUseException: Permission denied in open\b", strength="strong", fail=True,
            attrs={"errno": 13, "via": "rxtx"}, example="gnu.io.PortInUseException: Permission denied in open"),
        Msg("serial_no_such_port", r"PortInUseException: No such file or directory in open\b", strength="strong", fail=True,
            attrs={"errno": 2, "via": "rxtx"}, example="gnu.io.PortInUseException: No such file or directory in open"),
        Msg("serial_port_busy", r"PortInUseException: (?:Device or resource busy|Resource busy) in open\b", strength="strong", fail=True,
            attrs={"errno": 16, "via": "rxtx"}, example="gnu.io.PortInUseException: Device or resource busy in open"),
        Msg("serial_port_busy", r"\bPortInUseException: Unknown (?:Application|Owner)\b", strength="strong", fail=True,
            attrs={"via": "rxtx"}, example="gnu.io.PortInUseException: Unknown Application"),
        Msg("serial_port_busy", r"^Error 0x5 at \S*termios\.c\(\d+\): ", strength="strong", fail=True, attrs={"via": "rxtx"},
            example="Error 0x5 at /home/bob/foo/rxtx-devel/build/../src/termios.c(860): Access is denied."),
        Msg("serial_no_such_port", r"^Error 0x2 at \S*termios\.c\(\d+\): ", strength="strong", fail=True, attrs={"via": "rxtx"},
            example="Error 0x2 at /home/bob/foo/rxtx-devel/build/../src/termios.c(860): The system cannot find the file specified."),
    ),
    group(
        # (audit-serial-stacks s18) serialport-rs (the Rust serial crate under espflash 1.x-3.x, cargo-espflash, probe tools, many
        # Rust CLIs): a tool that prints the error with {:?} shows the struct `Error { kind: ..., description: "..." }`
        # (3.x-4.9: kind first). posix/error.rs maps EBUSY (TIOCEXCL refused: another program has the tty) to NoDevice, EACCES to
        # Io(PermissionDenied), ENOENT to Io(NotFound), with nix's errno text; windows/error.rs maps ERROR_ACCESS_DENIED (another
        # program has the COM port), ERROR_FILE_NOT_FOUND and ERROR_PATH_NOT_FOUND to NoDevice with FormatMessage's text
        "serialport-rs 3.3-4.9 src/lib.rs (#[derive(Debug)] struct Error), src/posix/error.rs From<nix::Error>, src/windows/error.rs last_os_error()",
        Msg("serial_permission_denied", r"\bError \{ kind: Io\(PermissionDenied\), description: \"", strength="strong", fail=True,
            attrs={"errno": 13, "via": "serialport-rs"},
            example="Error: Error { kind: Io(PermissionDenied), description: \"Permission denied\" }"),
        Msg("serial_no_such_port", r"\bError \{ kind: (?:Io\(NotFound\)|NoDevice), description: \"(?:No such file or directory|The system cannot find the (?:file|path) specified\.?)\"",
            strength="strong", fail=True, attrs={"errno": 2, "via": "serialport-rs"},
            example="Error: Error { kind: Io(NotFound), description: \"No such file or directory\" }"),
        Msg("serial_port_busy", r"\bError \{ kind: NoDevice, description: \"(?:Device or resource busy|Resource busy|Access is denied\.?)\"",
            strength="strong", fail=True, attrs={"errno": 16, "via": "serialport-rs"},
            example="Error: Error { kind: NoDevice, description: \"Device or resource busy\" }"),
        # any other serialport-rs error (an I/O error, a setting refused): a serial failure no row explains, not another tool's
        Msg(None, r"\bError \{ kind: (?:Unknown|InvalidInput|NoDevice|Io\(\w+\)), description: \"", strength="strong", fail=True,
            example="Error: Error { kind: Unknown, description: \"Input/output error\" }"),
    ),
    group(
        # (audit-serial-stacks s18) Mono's System.IO.Ports (Mono 2.x-6.x, still the SerialPort of Mono apps on Linux and macOS):
        # SerialPortStream's constructor calls ThrowIOException() when open_serial() fails, which throws
        # new IOException(strerror(errno)): the bare C text, no path (.NET Core adds " : '<path>'", a row above)
        "Mono 2.x-6.12 mcs/class/System/System.IO.Ports/SerialPortStream.cs ThrowIOException()",
        Msg("serial_permission_denied", r"\bSystem\.IO\.IOException: Permission denied\s*$", strength="strong", fail=True,
            attrs={"errno": 13, "via": "mono"}, example="System.IO.IOException: Permission denied"),
        Msg("serial_no_such_port", r"\bSystem\.IO\.IOException: No such file or directory\s*$", strength="strong", fail=True,
            attrs={"errno": 2, "via": "mono"}, example="System.IO.IOException: No such file or directory"),
        Msg("serial_port_busy", r"\bSystem\.IO\.IOException: (?:Device or resource busy|Resource busy)\s*$", strength="strong", fail=True,
            attrs={"errno": 16, "via": "mono"}, example="System.IO.IOException: Device or resource busy"),
    ),
    group(
        # (audit-serial-stacks s18) node-serialport's Windows bindings name only five Windows errors (ErrorCodeToString: File not
        # found, Invalid handle, Access denied, Operation aborted, The parameter is incorrect) and print any other as "Unknown
        # error code <n>" (121 ERROR_SEM_TIMEOUT, 31 ERROR_GEN_FAILURE, 433 ERROR_NO_SUCH_DEVICE, 1167 ERROR_DEVICE_NOT_CONNECTED:
        # the adapter's driver failed or it went away), behind "Opening COMn", "Open (SetCommState)", "Writing to COM port
        # (...)", "Reading from COM port (...)": a serial port's failure (its busy and missing texts are rows above)
        "node-serialport bindings 2012-2024 / @serialport/bindings-cpp 10-13 src/serialport_win.cpp ErrorCodeToString()",
        Msg(None, r"(?:\bOpening (?:\\\\[.?]\\)?(?P<port>COM\d+)|\b(?:Open|Update) \((?:Get|Set)Comm(?:State|Timeouts)\)"
            r"|\b(?:Writing to|Reading from) COM port \(\w+\)): (?:Unknown error code (?P<errno>\d+)|Operation aborted|Invalid handle|The parameter is incorrect)",
            strength="strong", fail=True, convert=(("errno", int),),
            example="Error: Opening COM3: Unknown error code 121"),
    ),
    group(
        # (audit-serial-stacks s18) .NET's other open refusals on Windows: ERROR_FILE_NOT_FOUND as IOException (SR.IO_PortNotFound /
        # IO_PortNotFoundFileName), and SerialPort.Open()'s name check (ArgumentException SR.Arg_InvalidSerialPort /
        # Arg_InvalidSerialPortExtended: the name is no COMn, or the file it names is no serial device)
        ".NET Framework 2.0-4.8 / .NET Core 3.0-9 System.IO.Ports Strings.resx IO_PortNotFoundFileName, Arg_InvalidSerialPort(Extended)",
        Msg("serial_no_such_port", r"\bThe port '(?P<port>[^'\s]+)' does not exist\b", strength="strong", fail=True, attrs={"errno": 2},
            example="System.IO.IOException: The port 'COM3' does not exist."),
        Msg("serial_no_such_port", r"\bThe given port name (?:\((?P<port>[^)\s]+)\) )?(?:does not start with COM/com or )?does not resolve to a valid serial port\b",
            strength="strong", fail=True, attrs={"invalid_name": True},
            example="System.ArgumentException: The given port name does not start with COM/com or does not resolve to a valid serial port."),
    ),
    group(
        # (modbus-rs485 s16) ebusd 3.0-25.x (eBUS heating adapters on a USB serial tty): logError(lf_bus, "unable to open %s: %s", device,
        # getResultCode(result)) in bushandler.cpp/mainloop.cpp (3.x) and lib/ebus/protocol.cpp (23+). SerialDevice/SerialTransport
        # openInternal() returns RESULT_ERR_NOTFOUND ("ERR: element not found") when open() fails or the node is no tty, and
        # RESULT_ERR_DEVICE ("ERR: generic device error") when flock(LOCK_EX|LOCK_NB) is refused: another ebusd (the service)
        # already holds the tty (john30/ebusd#289)
        "ebusd 3.x-25.x src/lib/ebus/device.cpp|transport.cpp SerialDevice::open + result.cpp getResultCode",
        Msg("serial_port_locked", r"unable to open (?P<port>/dev/\S+?): ERR: generic device error", strength="strong", fail=True,
            attrs={"errno": 11}, example="2019-08-05 01:15:58.708 [bus error] unable to open /dev/ttyUSB0: ERR: generic device error"),
        Msg("serial_no_such_port", r"unable to open (?P<port>/dev/\S+?): ERR: element not found", strength="strong", fail=True,
            attrs={"errno": 2}, example="[bus error] unable to open /dev/ttyUSB0: ERR: element not found"),
    ),
    group(
        # (modbus-rs485 s16) EdgeX device-modbus-go internal/driver/driver.go HandleReadCommands (2018-2026) logs
        # Errorf("Read command OpenConnection failed. err:%v \n", err) with the serial library's open error for an RTU device;
        # "no such file or directory" is the configured tty missing (edgexfoundry/device-modbus-go#187: the service ran in Docker
        # without the host's /dev/ttyUSB0 mapped in), "permission denied" a tty its user may not open
        "EdgeX device-modbus-go internal/driver/driver.go (Read command OpenConnection failed)",
        Msg("serial_no_such_port", r"Read command OpenConnection failed\. err:(?:open (?P<port>/dev/\S+): )?no such file or directory",
            strength="strong", fail=True, attrs={"errno": 2},
            example='level=INFO ts=2020-11-09T16:08:21.589754748Z app=edgex-device-modbus source=driver.go:111 msg="Read command OpenConnection failed. err:no such file or directory \\n"'),
        Msg("serial_permission_denied", r"Read command OpenConnection failed\. err:(?:open (?P<port>/dev/\S+): )?permission denied",
            strength="strong", fail=True, attrs={"errno": 13},
            example="Read command OpenConnection failed. err:open /dev/ttyUSB0: permission denied"),
    ),
    group(
        # (modbus-rs485 s16) Home Assistant Supervisor checks an add-on's `device` options against the host's hardware before it
        # starts the add-on or saves its configuration (supervisor/addons|apps/options.py AddonOptions, 2020-2026: vol.Invalid
        # f"Device '{value}' does not exist in {self._name} ({self._slug})"): the configured tty is not on the host
        # (kellerza/sunsynk#42: /dev/ttyUSB0 left in a TCP setup with no USB adapter)
        "Home Assistant Supervisor supervisor/addons/options.py (add-on device options)",
        Msg("serial_no_such_port", r"Device '(?P<port>/dev/(?:tty|serial/|cu\.)[^']+)' does not exist in .{1,200}? \([\w.-]+\)",
            strength="strong", fail=True, attrs={"errno": 2},
            example="Device '/dev/ttyUSB0' does not exist in Sunsynk Inverter Add-on (dev) (4bb530c7_hass-addon-sunsynk-dev)."),
    ),
    group(
        # (serial-host-apps s17) MATLAB's serial-port errors (the toolboxes' sources are closed; the texts as MATLAB prints them
        # in resolved MATLAB Answers threads). Legacy serial()/fopen (Instrument Control Toolbox, R2006-R2019): a port that is
        # not in MATLAB's list of available ports, which leaves out every port some object already holds; the text itself
        # points at other instrument objects (imathworks "unable to open the serial port ... instrfind": an earlier serial
        # object still open on COM3, fixed by delete(instrfindall); the Arduino IDE's monitor holding it is the other
        # reading). The support package's arduino() and R2019b+ serialport() hide the errno: the board's port held by a
        # previous connection (MATLAB Answers 442640: gone after restarting MATLAB), by another program, or a wrong name
        "MATLAB serial()/fopen, MATLAB Support Package for Arduino Hardware arduino(), serialport() (R2006-R2024)",
        Msg("serial_port_busy", r"\bOpen failed: Port: (?P<port>(?i:COM)\d+|/dev/\S+?) is not available\b", strength="strong", fail=True,
            attrs={"via": "matlab"},
            example="Open failed: Port: COM3 is not available. No ports are available. Use INSTRFIND to determine if other instrument objects are connected to the requested device"),
        Msg("serial_open_failed", r"\bFailed to open a connection at serial port (?P<port>(?i:COM)\d+|/dev/\S+?)\.?(?:\s|$)", strength="strong",
            fail=True, attrs={"via": "matlab"}, example="Failed to open a connection at serial port /dev/cu.usbmodem1421."),
        Msg("serial_open_failed", r"\bUnable to connect to the serialport device at port '(?P<port>[^'\s]+)'", strength="strong", fail=True,
            attrs={"via": "matlab"},
            example="Unable to connect to the serialport device at port 'COM1'. Verify that a device is connected to the port, the port is not in use, and all serialport input arguments and parameter values are supported by the device."),
    ),
    group(
        # (serial-host-apps s17) a tty's sysfs directory handed over as its port: open() fails EISDIR. serialport-rs 4.0-4.1
        # without its libudev feature listed ports as /sys/class/tty/ttyACM0 (tokio-serial#57: "/sys/class/tty/ttyACM0 port: Is a
        # directory", fixed by the libudev feature / serialport 4.2); pyserial says "[Errno 21] Is a directory". The device
        # node is /dev/<name>
        "a /sys/class/tty/<name> path opened as a port (serialport-rs 4.0-4.1 available_ports() without libudev, any program)",
        Msg("serial_no_such_port", r"(?P<port>/sys/class/tty/\w+)\b[^\n]{0,120}?(?:\bIs a directory\b|\[Errno 21\]|\bEISDIR\b)", strength="strong",
            fail=True, attrs={"via": "sysfs-path"}, example="/sys/class/tty/ttyACM0 port: Is a directory"),
    ),
    group(
        # (serial-host-apps s17) Printrun (kliment/Printrun ecd260f1, 2026; the same words since 2014): printcore.py _readline()
        # catches UnicodeDecodeError of a reply line and logs "Got rubbish reply from {port} at baudrate {baud}:\nMaybe a bad
        # baudrate?"; pronterface.py addtexttolog() logs "Attempted to write invalid text to console, which could be due to an
        # invalid baudrate" when the console refuses it (reprap.org forum 438387: Marlin at its default 250000, Pronterface at
        # 115200). pronterface.py online() says "Printer is now online." once the firmware answered: after that, undecodable
        # bytes are the firmware's own output (Printrun#1211: M43's pin dump), not the link's speed
        "Printrun printrun/printcore.py _readline(), printrun/pronterface.py addtexttolog() and online() (Pronterface, pronsole)",
        Msg("serial_reply_undecodable", r"\bGot rubbish reply from (?P<port>\S+) at baudrate (?P<baud>\d+)", strength="strong", fail=True,
            attrs={"via": "printrun"}, example="Got rubbish reply from COM7 at baudrate 250000:"),
        Msg("serial_reply_undecodable", r"\bAttempted to write invalid text to console, which could be due to an invalid baudrate", strength="strong",
            fail=True, attrs={"via": "printrun"},
            example="Attempted to write invalid text to console, which could be due to an invalid baudrate"),
        Msg("serial_host_online", r"\bPrinter is now online\.?\s*$", strength="strong", attrs={"via": "printrun"},
            example="2017-07-14 00:28:19,749 - Printer is now online."),
    ),
    group(
        # (serial-tool s21) ravedude (Rahix/avr-hal ravedude/src/console.rs, 0.1.x up to 0.1.7): the console thread copies the
        # port's bytes to stdout with `stdout.write(..).unwrap()`; a Windows console refuses bytes that are no UTF-8 (Rust std
        # library/std/src/sys/pal/windows/stdio.rs) and the thread panics with this text. Bytes that are no text on a sketch's
        # serial output are a monitor at another rate than the sketch's (avr-hal#515: default_serial at 9600, ravedude run
        # without -b 9600; #478 the same panic at 57600). Since commit c01dbf24 (2024-03) ravedude prints '?' for them instead.
        # Any Rust serial console that writes the raw bytes to a Windows console stops with the same std text
        "Rust std Windows console write (ravedude <= 0.1.7 console.rs and other Rust serial consoles)",
        Msg("serial_reply_undecodable", r"\bWindows stdio in console mode does not support writing non-UTF-8 byte sequences",
            strength="strong", fail=True, attrs={"via": "rust-console"},
            example='called `Result::unwrap()` on an `Err` value: Error { kind: InvalidData, message: "Windows stdio in console '
                    'mode does not support writing non-UTF-8 byte sequences" }'),
    ),
    group(
        "pyserial 3.x serial/serialposix.py (open, read)",
        Msg("serial_port_locked", r"(?i)could not exclusively lock port", strength="strong", fail=True, attrs={"errno": 11},
            example="SerialException: '[Errno 11] Could not exclusively lock port /dev/ttyACM0: [Errno 11] Resource temporarily unavailable'"),
        # (modbus-rs485 s16) open() raises SerialException(msg.errno, "could not open port {}: {}".format(self._port, msg)), the
        # OSError ending in the same name quoted: a port string that is no path at all (pymodbus#1893: a server example given
        # `-p 502`, its TCP port, as the serial port) names nothing the open could find; /dev paths and bare tty names are read below
        # (the quoted name is matched by its form, not by a back-reference to the first: the splitter's combined classifier
        # cannot hold back-references)
        Msg("serial_no_such_port", r"could not open port (?P<port>(?!tty)[^\s:'\"/\\]+): \[Errno 2\] No such file or directory: '(?!tty)[^\s:'\"/\\]+'",
            strength="strong", fail=True, attrs={"errno": 2},
            example="Failed to start server [Errno 2] could not open port 502: [Errno 2] No such file or directory: '502'"),
        Msg("serial_multiple_access", r"(?i)device reports readiness to read but returned no data|multiple access on port\?", strength="strong",
            fail=True, example="serial.serialutil.SerialException: device reports readiness to read but returned no data (device disconnected or multiple access on port?)"),
    ),
    group(
        "pyserial 2.x-3.5 serial/serialwin32.py (Windows 7-11): ctypes.WinError() / WindowsError texts",
        # (host s23) the port as a caller passed it in Windows' device-namespace form '\\.\COM4' (esp-idf-monitor 1.x and
        # idf.py monitor always do) comes back through the message's {!r} with its backslashes doubled, '\\\\.\\COM4'
        # (idf-eclipse-plugin#1115): the same COM port, read in either form; (review s23) PermissionError(13, ...) only with
        # winerror 5 (ERROR_ACCESS_DENIED): pyserial maps others to errno 13 too (31, "A device attached to the system is not
        # functioning.", a failed device, not a held port)
        Msg("serial_port_busy", r"(?i)\b(?:port|device|opening|open|openport) ?[\"'‘]?(?:\\{2,4}[.?]\\{1,2})?(?P<port>COM\d+)[\"'’]?:?\s.{0,60}?(?:PermissionError\(13, (?:'[^'\n]*'|\"[^\"\n]*\"), None, 5\)|WindowsError\(5|\[Error 5\]|\bAccess (?:is )?denied"
            r"|Acceso denegado|Acesso negado|Zugriff verweigert|Accès refusé|Accesso negato|Отказано в доступе)", strength="strong", fail=True,
            example="serial.serialutil.SerialException: could not open port 'COM3': PermissionError(13, 'Access is denied.', None, 5)"),
        Msg("serial_no_such_port", r"(?i)\b(?:port|device|opening|open) ?[\"'‘]?(?:\\{2,4}[.?]\\{1,2})?(?P<port>COM\d+)[\"'’]?:?\s.{0,40}?(?:FileNotFoundError\(2|WindowsError\(2|\[Error 2\]|cannot find the file specified|\bFile not found)",
            strength="strong", fail=True,
            example="could not open port 'COM5': FileNotFoundError(2, 'The system cannot find the file specified.', None, 2)"),
        # (serial-tool s21) Thonny 3.x-4.1 plugins/micropython/serial_connection.py (thonny/thonny, until 2026-01 when it moved
        # to minny) rewrites that pyserial error before showing it: a SerialException whose text holds "FileNotFoundError"
        # (the Windows form above) becomes "Unable to connect to <port>: port not found" (thonny#2109, #2116: COM7, COM5)
        Msg("serial_no_such_port", r"\bUnable to connect to (?P<port>(?:\\\\[.?]\\)?COM\d+|/dev/\S+): port not found\b",
            strength="strong", fail=True, attrs={"errno": 2, "via": "thonny"},
            example="Unable to connect to COM7: port not found"),
        # (astronomy s15) pyserial serialwin32.py open() "could not open port {!r}: {!r}" of ctypes.WinError() when CreateFile
        # refuses the name itself: winerror 123 ERROR_INVALID_NAME ("The filename, directory name, or volume label syntax is
        # incorrect.", localised), Python 2 WindowsError(123, ...), Python 3 OSError(22, ..., None, 123) / [WinError 123].
        # The port string is no COM port at all (Arduino IDE 1.8 passing its board-discovery address 'usb:0/140000/0/1' to
        # esptool, onstep.groups.io SHC thread): it names no device, whatever is plugged in
        Msg("serial_no_such_port", r"(?i)could not open port [\"']?(?P<port>[^\"'\s]+)[\"']?:\s*(?:WindowsError\(123,|OSError\(22, '[^']*', None, 123\)|\[WinError 123\])",
            strength="strong", fail=True, attrs={"invalid_name": True},
            example="serial.serialutil.SerialException: could not open port 'usb:0/140000/0/1': WindowsError(123, 'De syntaxis van de bestandsnaam, mapnaam of volumenaam is onjuist.')",
            src="pyserial 2.7-3.5 serial/serialwin32.py Serial.open() (ctypes.WinError() of ERROR_INVALID_NAME)"),
        # (gather-host s20) ESP-IDF 2.x-4.x legacy make (components/esptool_py/Makefile.projbuild: echo "Flashing binaries to
        # serial port $(ESPPORT) (app at offset $(APP_OFFSET))...") with a port that is Windows Device Manager's label, not
        # its COMn name ("USB Serial Port(COM21)", "Silicon Labs CP210x USB to UART Bridge (COM3)") typed into menuconfig's
        # Default serial port: the shell breaks on the parenthesis before esptool runs (esp-idf#1294, fixed by ESPPORT=COM21)
        Msg("serial_no_such_port", r'Flashing binaries to serial port "?(?P<port>[A-Za-z][^"\n()]{0,80}\((?P<com>COM\d{1,3})\))"? \(app at offset',
            strength="strong", fail=True, attrs={"invalid_name": True, "via": "device-manager-label"},
            example='/bin/sh: -c: line 0: `echo "Flashing binaries to serial port "USB Serial Port(COM21)" (app at offset 0x10000)..."\'',
            src="ESP-IDF 2.x-4.x components/esptool_py/Makefile.projbuild (make flash)"),
        # the same label handed to esptool 4.x-5.x (loader.py "Could not open %s, the port doesn't exist" / "..., the port is busy
        # or doesn't exist") or pyserial (serialwin32.py "could not open port %r: %r"): Windows opens no such name
        Msg("serial_no_such_port", r"(?:\bCould not open |could not open port ['\"]?)(?P<port>[A-Za-z][^'\",\n()]{0,80}\(COM\d{1,3}\))['\"]?(?:, the port\b|: )",
            strength="strong", fail=True, attrs={"invalid_name": True, "via": "device-manager-label"},
            example="A fatal error occurred: Could not open USB Serial Port (COM21), the port doesn't exist",
            src="esptool 4.x-5.x esptool/loader.py; pyserial 2.7-3.5 serial/serialwin32.py"),
        Msg("serial_port_busy", r"(?i)\bOpening (?:\\\\[.?]\\)?(?P<port>COM\d+): Access denied", strength="strong", fail=True,
            example="Error starting serial port on Arduino Uno (COM4) Error: Opening COM4:  Access denied",
            src="Node serialport bindings (serialport_win.cpp, 2013-2025): Opening COMn: <Windows error as text>"),
        Msg("serial_port_busy", r"(?i)Access to the (?:port|path) [\"'‘]?(?:\\\\[.?]\\)?(?P<port>COM\d+)[\"'’]? is denied", strength="strong", fail=True,
            example="System.UnauthorizedAccessException: Access to the port 'COM3' is denied.",
            src=".NET System.IO.Ports SerialPort.Open (Framework 2.0-4.8, .NET 5-9) on Windows: ERROR_ACCESS_DENIED"),
        Msg("serial_port_busy", r"(?i)UnauthorizedAccessException:? Access to the port is denied", strength="strong", fail=True,
            example="Got exception: System.UnauthorizedAccessException: Access to the port is denied.",
            src=".NET System.IO.Ports on Windows (WinIOError without a port name)"),
        Msg("serial_permission_denied", r"(?i)Access to the (?:port|path) [\"'‘]?(?P<port>/dev/[^\s\"'’]+)[\"'’]? is denied", strength="strong", fail=True,
            attrs={"errno": 13}, example="System.UnauthorizedAccessException: Access to the port '/dev/ttyUSB0' is denied.",
            src=".NET / Mono System.IO.Ports on Linux and macOS (EACCES)"),
        Msg("serial_port_busy", r"(?i)(?:SerialPortError|SerialException|SerialPortException):? Access is denied", strength="strong", fail=True,
            example="SerialPortError: Access is denied., errno = 5",
            src="libserialport (Dart, Python bindings) and JNA serial libraries on Windows: FormatMessage of ERROR_ACCESS_DENIED"),
        Msg("serial_port_busy", r"(?i)Port name ?- ?(?P<port>\S+?); ?Method name ?- ?openPort\(\); ?Exception type ?- ?Port busy", strength="strong", fail=True,
            example="jssc.SerialPortException: Port name - COM3; Method name - openPort(); Exception type - Port busy.",
            src="jSSC 2.x (Processing, Universal G-Code Sender, older Arduino tools): SerialPortException"),
        Msg("serial_no_such_port", r"(?i)Port name ?- ?(?P<port>\S+?); ?Method name ?- ?openPort\(\); ?Exception type ?- ?Port not found", strength="strong", fail=True,
            example="jssc.SerialPortException: Port name - COM7; Method name - openPort(); Exception type - Port not found.",
            src="jSSC 2.x: SerialPortException"),
        Msg("serial_permission_denied", r"(?i)Port name ?- ?(?P<port>\S+?); ?Method name ?- ?openPort\(\); ?Exception type ?- ?Permission denied", strength="strong",
            fail=True, attrs={"errno": 13}, example="jssc.SerialPortException: Port name - /dev/ttyACM0; Method name - openPort(); Exception type - Permission denied.",
            src="jSSC 2.x: SerialPortException"),
        # (cnc-laser s12) jSerialComm 2.x SerialPort.getCommPort(): on Linux/macOS a descriptor whose file does not exist (nor as
        # /dev/<name>) throws IOException, rethrown as this; UGS 2.x opens ports through it (UGS #2295: ttyACM0 renumbered ttyACM1)
        Msg("serial_no_such_port", r"SerialPortInvalidPortException: Unable to create a serial port object from the invalid port descriptor: (?P<port>\S+)",
            strength="strong", fail=True, attrs={"errno": 2},
            example="Caused: com.fazecast.jSerialComm.SerialPortInvalidPortException: Unable to create a serial port object from the invalid port descriptor: /dev/ttyACM0",
            src="jSerialComm 2.x SerialPort.java getCommPort() (Universal G-Code Sender 2.x, other Java serial programs)"),
        Msg("serial_port_busy", r"(?i)\bSerial port busy\b(?:\. Could not connect to (?P<port>\S+) serial port)?", strength="strong", fail=True,
            example="Port monitor error: command 'open' failed: Serial port busy. Could not connect to COM4 serial port.",
            src="go.bug.st/serial PortBusy (arduino-cli serial-monitor, Arduino IDE 2.x 2022-2025)"),
        Msg("serial_no_such_port", r"(?i)\bSerial port not found\b(?:\. Could not connect to (?P<port>\S+) serial port)?", strength="strong", fail=True,
            example="Port monitor error: command 'open' failed: Serial port not found. Could not connect to COM10 serial port.",
            src="go.bug.st/serial PortNotFound (arduino-cli serial-monitor, Arduino IDE 2.x)"),
        # arduino-cli's 1200-baud touch (serialutils / go-serial-utils Touch1200bps) wraps go.bug.st/serial's error:
        # 0.x "cannot perform reset: opening port: Permission denied", 0.1x-0.3x "... opening port at 1200bps: ...",
        # 1.x "Cannot perform port reset: 1200-bps touch: opening port at 1200bps: ...", IDE 1.8 "TOUCH: error during reset: ..."
        Msg("serial_permission_denied", r"(?i)\bopening port(?: at 1200 ?bps)?: Permission denied", strength="strong", fail=True,
            attrs={"errno": 13}, example="Error during Upload: cannot perform reset: opening port: Permission denied",
            src="arduino-cli 0.x-1.x serialutils TouchSerialPortAt1200bps / go-serial-utils Touch1200bps (go.bug.st/serial PermissionDenied)"),
        Msg("serial_no_such_port", r"(?i)\bopening port(?: at 1200 ?bps)?: (?:Invalid serial port|No such file or directory)", strength="strong",
            fail=True, example="TOUCH: error during reset: opening port at 1200bps: Invalid serial port",
            src="arduino-cli 0.x-1.x, Arduino IDE 1.8 pluggable discovery: the port to touch does not exist (go.bug.st/serial InvalidSerialPort)"),
        # (wrappers audit s11) arduino/uno-r4-wifi-fwuploader-plugin 0.0.3-1.0.0 serial/utils TouchSerialPortAt1200bps ("opening port
        # %s at 1200bps, err: %w", behind the plugin helper's "Error: reboot mode: "), and arduino-fwuploader 2.0-2.2, whose
        # NINA/WINC flasher prints go.bug.st/serial's bare error after "Error during firmware flashing: " (its busy and not-found
        # texts are the rows above); examples: the source's format filled in
        Msg("serial_permission_denied", r"(?i)\bopening port (?P<port>\S+) at 1200 ?bps, err: Permission denied", strength="strong", fail=True,
            attrs={"errno": 13}, example="Error: reboot mode: opening port /dev/ttyACM0 at 1200bps, err: Permission denied",
            src="arduino uno-r4-wifi-fwuploader-plugin 0.0.3-1.0.0 serial/utils/utils.go (source audit s11)"),
        Msg("serial_no_such_port", r"(?i)\bopening port (?P<port>\S+) at 1200 ?bps, err: (?:Invalid serial port|No such file or directory)", strength="strong",
            fail=True, example="Error: reboot mode: opening port /dev/ttyACM0 at 1200bps, err: Invalid serial port",
            src="arduino uno-r4-wifi-fwuploader-plugin 0.0.3-1.0.0 serial/utils/utils.go (source audit s11)"),
        Msg("serial_permission_denied", r"^(?:Error during (?:firmware|certificates) flashing|Couldn't get firmware version): Permission denied\s*$",
            strength="strong", fail=True, attrs={"errno": 13}, example="Error during firmware flashing: Permission denied",
            src="arduino-fwuploader 2.0-2.2 cli/firmware/flash.go, cli/certificates/flash.go (flasher.OpenSerial; source audit s11)"),
        # (deepen-ser-usb-fw s18) winerror 31 ERROR_GEN_FAILURE / 22 ERROR_BAD_COMMAND on a port that had opened (a failed
        # read, write or ClearCommError, or a sender's "A device attached to the system is not functioning"): the USB-serial
        # device left the bus under the open handle (pyserial #474; QGroundControl "Write failed: OS error: ..."): `link_lost`
        # (not at the open: "could not open port" / "Cannot configure port ... 31" is a driver or device that never worked)
        Msg("serial_io_error", r"(?i)^(?!.*(?:Cannot configure port|could not open port|Error opening serial port))(?:.*?A device attached to the system is not functioning|"
            r".*?\bClearCommError failed \(\w+\(\d+, '[^']*', None, 22\)\)|.*?\b(?:ReadFile|WriteFile|GetOverlappedResult) failed \(\w+\(\d+, '[^']*', None, 22\)\))",
            strength="weak", fail=True, attrs={"errno": 22, "link_lost": True},
            example="serial.serialutil.SerialException: ClearCommError failed (PermissionError(13, 'The device does not recognize the command.', None, 22))"),
        Msg("serial_io_error", r"(?i)The semaphore timeout period has expired|A device attached to the system is not functioning|ClearCommError failed",
            strength="weak", fail=True, attrs={"errno": 22},
            example="serial.serialutil.SerialException: WriteFile failed (OSError(22, 'The semaphore timeout period has expired.', None, 121))"),
        # (intl-any s12) the same two Windows errors on a non-English Windows: serialwin32.py formats repr(ctypes.WinError()),
        # whose text is Windows' localised FormatMessage but whose last field is the winerror code: 121 ERROR_SEM_TIMEOUT,
        # 31 ERROR_GEN_FAILURE (winerror.h); e.g. German 'Das Zeitlimit für die Semaphore wurde erreicht.', Chinese '信号灯超时时间已到。'
        Msg("serial_io_error", r"\bOSError\(22, '[^']*', None, (?:121|31)\)", strength="weak", fail=True, attrs={"errno": 22},
            example="COM4: Schreiben fehlgeschlagen: WriteFile failed (OSError(22, 'Das Zeitlimit für die Semaphore wurde erreicht.', None, 121))",
            src="pyserial 3.x serial/serialwin32.py open()/write(): \"could not open port {!r}: {!r}\" / \"WriteFile failed ({!r})\" of ctypes.WinError()"),
    ),
    group(
        "Arduino IDE 1.x serial monitor / uploader, Node serialport bindings-cpp, cu, minicom lock files",
        Msg("serial_port_busy", r"(?i)\(port busy\)", strength="strong", fail=True,
            example="Error opening serial port '/dev/ttyUSB0'. (Port busy)"),
        Msg("serial_no_such_port", r"(?i)\(port not found\)|Board at \S+ is not available", strength="strong", fail=True,
            example="Error opening serial port '/dev/ttyUSB0'. (Port not found)"),
        Msg("serial_permission_denied", r"""(?i)\bPermission denied, cannot open (?P<port>[^\s'"]+)""", strength="strong", fail=True, attrs={"errno": 13},
            example="Error: Permission denied, cannot open /dev/ttyUSB0"),
        Msg("serial_port_busy", r"""(?i)\b(?:Resource|Device or resource) busy, cannot open (?P<port>[^\s'"]+)""", strength="strong", fail=True,
            attrs={"errno": 16}, example="Error: Resource busy, cannot open /dev/ttyACM0"),
        Msg("serial_no_such_port", r"""(?i)\bNo such file or directory, cannot open (?P<port>[^\s'"]+)""", strength="strong", fail=True, attrs={"errno": 2},
            example="Error: No such file or directory, cannot open /dev/ttyUSB0"),
        # (serial-host-tools s11) Taylor UUCP 1.07 cu.c: `ulog (LOG_FATAL, "%s: Line in use", zline)` when fconn_lock() fails:
        # another program holds the line's lock file, or cu could not make it (the lock directory's group, lockdev builds
        # such as Fedora's that open the device to lock it); zline is the -l argument as typed (`ttyUSB0`, `/dev/ttyS0`) and
        # ulog puts argv[0] first (`cu`, `./cu`). The cause is hidden: fedoraforum t=194322 was the tty's permissions (chmod
        # let cu in, no lock file or holder existed)
        Msg("serial_open_failed", r"^(?:\S*/)?cu: (?P<port>\S+): Line in use", strength="strong", fail=True, attrs={"via": "cu-lock"},
            example="cu: /dev/ttyS0: Line in use", src="Taylor UUCP 1.07 cu.c (ulog prints `<argv[0]>: <message>`) (serial-host-tools s11)"),
        # the same lock failing for every port of the ports file that matched -p / -l (icuport_lock)
        Msg("serial_open_failed", r"^(?:\S*/)?cu: (?:\S+: )?All (?:remaining )?matching ports in use", strength="strong", fail=True,
            attrs={"via": "cu-lock"}, example="cu: All matching ports in use", src="Taylor UUCP 1.07 cu.c (ulog prints `<argv[0]>: <message>`) (serial-host-tools s11)"),
        # after the lock, fsysdep_port_access(): the user may not open the line (`-l ttyUSB0` as typed), or a port of the
        # ports file used without a system or phone number
        Msg("serial_permission_denied", r"^(?:\S*/)?cu: (?P<port>(?!open \()\S+): Permission denied", strength="strong", fail=True,
            attrs={"errno": 13}, example="cu: ttyUSB0: Permission denied", src="Taylor UUCP 1.07 cu.c (ulog prints `<argv[0]>: <message>`) (serial-host-tools s11)"),
        Msg("serial_permission_denied", r"^(?:\S*/)?cu: Access to port denied", strength="strong", fail=True, attrs={"errno": 13},
            example="cu: Access to port denied", src="Taylor UUCP 1.07 cu.c (ulog prints `<argv[0]>: <message>`) (serial-host-tools s11)"),
        Msg("serial_port_busy", r"(?i)\bDevice (?P<port>/dev/\S+) is locked\.", strength="strong", fail=True,
            example="Device /dev/ttyUSB0 is locked."),
    ),
    # (printer-forks s13) bash prints `<shell>: <path>: Permission denied` when the path itself is typed as a command
    # (bash 5.x execute_cmd.c shell_execve -> error.c file_error: a device node has no execute bit, so execve fails EACCES
    # whoever runs it; `-bash` is a login shell, `bash: line N:` a script) and zsh `zsh: permission denied: <path>`
    # (Src/exec.c zerr("%e: %s", eno, arg0), strerror uncapitalised); a /dev/serial/by-id or by-path name is the path people
    # copy out of `ls /dev/serial/by-id/*` and "run" (prind#273: `-bash: /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0:
    # Permission denied`, Klipper's real trouble lay elsewhere). The same text follows a refused `> path` redirection, so
    # the parser turns it back into a permission refusal when the line before redirects to that path; dash's redirection
    # says `cannot create`, which stays with the shell rows below
    group(
        "bash execute_cmd.c shell_execve / zsh Src/exec.c: a device path run as a command",
        Msg("serial_device_run", r"^-?(?:ba|da)?sh: (?:line \d+: )?(?P<port>/dev/serial/by-(?:id|path)/[\w:.+-]+): Permission denied\s*$",
            strength="strong", fail=True, example="-bash: /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0: Permission denied"),
        Msg("serial_device_run", r"^zsh: permission denied: (?P<port>/dev/serial/by-(?:id|path)/[\w:.+-]+)\s*$", strength="strong",
            fail=True, example="zsh: permission denied: /dev/serial/by-id/usb-Klipper_stm32f446xx_1A0035-if00"),
    ),
    # --- serial helper (session 5): terminals, shells and wrappers that name the tty and the errno text -------------
    group(
        "POSIX shells and coreutils on a tty node (bash/dash/ash `> /dev/ttyACM0` redirection, zsh, cat, stty, echo): "
        "`<prog>: [<n>: ][cannot create ]<tty>: <strerror>`",
        Msg("serial_permission_denied", r"^(?:[\w./-]+: )?(?:\d+: )?(?:cannot (?:create|open) |can't open )?(?P<port>" + _DEV_TTY + r"): Permission denied",
            strength="strong", fail=True, attrs={"errno": 13}, example="bash: /dev/ttyACM0: Permission denied"),
        Msg("serial_permission_denied", r"^zsh: permission denied: (?P<port>" + _DEV_TTY + r")", strength="strong", fail=True, attrs={"errno": 13},
            example="zsh: permission denied: /dev/ttyUSB0"),
        Msg("serial_port_busy", r"^(?:[\w./-]+: )?(?:\d+: )?(?:cannot (?:create|open) |can't open )?(?P<port>" + _DEV_TTY + r"): (?:Device or resource busy|Resource busy)",
            strength="strong", fail=True, attrs={"errno": 16}, example="cat: /dev/ttyAMA0: Device or resource busy"),
        Msg("serial_no_such_port", r"^(?:[\w./-]+: )?(?:\d+: )?(?:cannot (?:create|open) |can't open )?(?P<port>" + _DEV_TTY + r"): No such file or directory",
            strength="strong", fail=True, attrs={"errno": 2}, example="stty: /dev/ttyUSB0: No such file or directory"),
        # glibc's strerror of ENXIO (6) and ENODEV (19): the node is there, no device behind it (a stale node, e.g. a
        # container's copy made before the board was plugged in or switched on)
        Msg("serial_no_such_port", r"^(?:[\w./-]+: )?(?:\d+: )?(?:cannot (?:create|open) |can't open )?(?P<port>" + _DEV_TTY + r"): No such device or address",
            strength="strong", fail=True, attrs={"errno": 6}, example="minicom: cannot open /dev/ttyACM0: No such device or address"),
        Msg("serial_no_such_port", r"^(?:[\w./-]+: )?(?:\d+: )?(?:cannot (?:create|open) |can't open )?(?P<port>" + _DEV_TTY + r"): No such device\b",
            strength="strong", fail=True, attrs={"errno": 19}, example="stty: /dev/ttyUSB0: No such device"),
    ),
    group(
        # (gather-host s20) the same shell and coreutils lines under a non-English locale: the program's prefix and the tty stay,
        # glibc's strerror is translated (libc.po 2.23-2.40: EACCES, EBUSY, ENOENT; de fr es pt pt_BR it ru zh_CN ja pl nl sv
        # fi cs), and bash's "line N" too (po/*.po)
        "POSIX shells and coreutils on a tty node, translated strerror (glibc 2.23-2.40 po/*.po)",
        Msg("serial_permission_denied", _SHELL_TTY_HEAD + r"(?:Keine Berechtigung|Permiso denegado|Permission non accordée|Permissão negada|Permesso negato|Отказано в доступе|权限不够"
            r"|許可がありません|Brak dostępu|Toegang geweigerd|Åtkomst nekas|Lupa evätty|Operace zamítnuta|Permissão recusada)\s*$",
            strength="strong", fail=True, attrs={"errno": 13}, example="bash: /dev/ttyUSB0: Keine Berechtigung"),
        Msg("serial_port_busy", _SHELL_TTY_HEAD + r"(?:Das Gerät oder die Ressource ist belegt|Gerät oder Ressource belegt|Dispositivo o recurso ocupado|Périphérique ou ressource occupé"
            r"|Устройство или ресурс занято|设备或资源忙|デバイスもしくはリソースがビジー状態です|Urządzenie lub zasoby zajęte|Dispositivo o risorsa occupat[ao]"
            r"|Dispositivo ou recurso (?:está )?ocupado|Apparaat of hulpbron is bezig|Enhet eller resurs upptagen|Laite tai resurssi varattu"
            r"|Zařízení nebo zdroj jsou používány)\s*$",
            strength="strong", fail=True, attrs={"errno": 16}, example="cat: /dev/ttyAMA0: Das Gerät oder die Ressource ist belegt"),
        Msg("serial_no_such_port", _SHELL_TTY_HEAD + ENOENT_L10N + r"\s*$",
            strength="strong", fail=True, attrs={"errno": 2}, example="stty: /dev/ttyUSB0: Datei oder Verzeichnis nicht gefunden"),
    ),
    # (fc-esp-nrf s11) ESP-IDF idf.py declares -p/--port as click.Path() (tools/idf_py_actions/serial_ext.py); click 7-8
    # types.py Path.convert checks an existing path with os.access(R_OK/W_OK) (readable=True by default) and fails
    # `{name} {filename!r} is not readable.` / `... is not writable.`, printed as "Error: Invalid value for '-p' /
    # '--port': Path '/dev/ttyACM0' is not readable." (connectedhomeip#72208: the devcontainer user was not in dialout)
    group(
        "click 7-8 types.py Path.convert (idf.py -p/--port and other click CLIs given a tty path)",
        Msg("serial_permission_denied", r"Invalid value for ['\"]?(?:-p|--port)\b[^:]{0,20}: (?:Path|File|Directory) ['\"](?P<port>" + _DEV_TTY
            + r")['\"] is not (?:readable|writable)", strength="strong", fail=True, attrs={"errno": 13},
            example="Error: Invalid value for '-p' / '--port': Path '/dev/ttyACM0' is not readable."),
    ),
    group(
        "GNU screen 4.x-5.x window.c OpenDevice / tty.c OpenTTY (`Msg(errno, \"Cannot access line '%s' for R/W\")`; a path "
        "that is no character device is run as a program: `Cannot exec '%s'`)",
        Msg("serial_permission_denied", r"Cannot (?:open|access) line '(?P<port>[^']+)' for R/W: Permission denied", strength="strong", fail=True,
            attrs={"errno": 13}, example="Cannot access line '/dev/ttyUSB0' for R/W: Permission denied"),
        Msg("serial_port_busy", r"Cannot (?:open|access) line '(?P<port>[^']+)' for R/W: (?:Device or resource busy|Resource busy)", strength="strong",
            fail=True, attrs={"errno": 16}, example="Cannot open line '/dev/ttyUSB0' for R/W: Resource busy"),
        Msg("serial_no_such_port", r"Cannot (?:open|access) line '(?P<port>[^']+)' for R/W: No such (?:file or directory|device)", strength="strong",
            fail=True, attrs={"errno": 2}, example="Cannot access line '/dev/ttyUSB1' for R/W: No such file or directory"),
        Msg("serial_no_such_port", r"Cannot exec '(?P<port>/dev/[^']+)': No such file or directory", strength="strong", fail=True, attrs={"errno": 2},
            example="Cannot exec '/dev/ttyUSB0': No such file or directory"),
    ),
    group(
        "tio 1.x-3.x tio.c / tty.c (`Could not open tty device (%s)`, flock: `Device file is locked by another process`), "
        "Taylor UUCP cu (`cu: open (%s): %s`), picocom 1.x-3.x (`FATAL: cannot lock %s: %s`)",
        Msg("serial_permission_denied", r"Could not open tty device \(Permission denied\)", strength="strong", fail=True,
            attrs={"errno": 13}, example="[tio 12:00:01] Error: Could not open tty device (Permission denied)"),
        Msg("serial_port_busy", r"Could not open tty device \((?:Device or resource busy|Resource busy)\)", strength="strong", fail=True,
            attrs={"errno": 16}, example="Error: Could not open tty device (Device or resource busy)"),
        Msg("serial_no_such_port", r"Could not open tty device \(No such (?:file or directory|device)\)", strength="strong", fail=True,
            attrs={"errno": 2}, example="[tio 09:14:02] Error: Could not open tty device (No such file or directory)"),
        Msg("serial_port_locked", r"Device file is locked by another process", strength="strong", fail=True, attrs={"errno": 11},
            example="[tio 10:01:33] Error: Device file is locked by another process"),
        Msg("serial_permission_denied", r"^cu: open \((?P<port>/dev/[^)\s]+)\): Permission denied", strength="strong", fail=True, attrs={"errno": 13},
            example="cu: open (/dev/ttyUSB0): Permission denied"),
        Msg("serial_port_locked", r"FATAL: cannot lock (?P<port>/dev/\S+?): (?:Resource temporarily unavailable|Device or resource busy)",
            strength="strong", fail=True, attrs={"errno": 11}, example="FATAL: cannot lock /dev/ttyUSB0: Resource temporarily unavailable"),
    ),
    group(
        "arduino-cli 0.3x-1.x serial-monitor / pluggable monitor (go.bug.st/serial PortErrorCode texts): "
        "`command 'open' failed: <text>. Could not connect to <port> serial port.`",
        Msg("serial_permission_denied", r"(?i)\bPermission denied\. Could not connect to (?P<port>\S+) serial port", strength="strong", fail=True,
            attrs={"errno": 13}, example="Port monitor error: command 'open' failed: Permission denied. Could not connect to /dev/ttyACM0 serial port."),
        Msg("serial_no_such_port", r"(?i)\bInvalid serial port\. Could not connect to (?P<port>\S+) serial port", strength="strong", fail=True,
            example="Port monitor error: command 'open' failed: Invalid serial port. Could not connect to /dev/ttyUSB1 serial port."),
    ),
    group(
        "(serial-daemons s12) gpsd 3.x gpsd/serial.c gpsd_serial_open(): `SER: device open of %s failed: %s(%d) - retrying read-only`, "
        "`SER: read-only device open of %s failed: %s(%d)`, `SER: %s already opened by another process` (3.27; 3.17-3.20 print the "
        "same without `SER: ` and the errno). gpsd opens as root and then runs as its own user, so a refused open is the tty's group",
        Msg("serial_port_busy", r"\b(?:read-only )?device open of (?P<port>/dev/\S+?) failed: (?:Device or resource busy|Resource busy)",
            strength="strong", fail=True, attrs={"errno": 16},
            example="gpsd:ERROR: device open of /dev/ttyAMA0 failed: Device or resource busy - retrying read-only"),
        Msg("serial_port_busy", r"(?:SER: )?(?P<port>/dev/\S+) already opened by another process", strength="strong", fail=True,
            attrs={"errno": 16}, example="gpsd:ERROR: /dev/ttyAMA0 already opened by another process"),
        Msg("serial_permission_denied", r"\b(?:read-only )?device open of (?P<port>/dev/\S+?) failed: Permission denied", strength="strong",
            fail=True, attrs={"errno": 13},
            example="gpsd:ERROR: SER: device open of /dev/ttyACM0 failed: Permission denied(13) - retrying read-only"),
        Msg("serial_no_such_port", r"\b(?:read-only )?device open of (?P<port>/dev/\S+?) failed: No such (?:file or directory|device)",
            strength="strong", fail=True, attrs={"errno": 2},
            example="gpsd:ERROR: SER: device open of /dev/ttyUSB0 failed: No such file or directory(2) - retrying read-only"),
        Msg("serial_open_failed", r"\b(?:read-only )?device open of (?P<port>/dev/\S+?) failed: ", strength="strong", fail=True,
            example="gpsd:ERROR: SER: read-only device open of /dev/ttyS0 failed: Input/output error(5)"),
    ),
    group(
        "(serial-daemons s12) NUT 2.7.x-2.8.x drivers/serial.c ser_open_error() (blazer_ser, nutdrv_qx, apcsmart...): "
        "`Unable to open %s: %s` with strerror",
        Msg("serial_permission_denied", r"^Unable to open (?P<port>/dev/\S+?): Permission denied", strength="strong", fail=True,
            attrs={"errno": 13}, example="Unable to open /dev/ttyUSB0: Permission denied"),
        Msg("serial_no_such_port", r"^Unable to open (?P<port>/dev/\S+?): No such (?:file or directory|device)", strength="strong", fail=True,
            attrs={"errno": 2}, example="Unable to open /dev/ttyS1: No such file or directory"),
        Msg("serial_port_busy", r"^Unable to open (?P<port>/dev/\S+?): (?:Device or resource busy|Resource busy)", strength="strong", fail=True,
            attrs={"errno": 16}, example="Unable to open /dev/ttyUSB0: Device or resource busy"),
    ),
    group(
        "pyserial 3.x serialposix.py on macOS (`could not open port /dev/tty.usbserial-0001: [Errno 16] Resource busy: ...`): "
        "the dial-in /dev/tty.* and call-out /dev/cu.* names",
        Msg("serial_port_busy", r"(?P<port>/dev/(?:tty|cu)\.[\w.-]+)'?: (?:\[Errno 16\]|Resource busy)", strength="strong", fail=True,
            attrs={"errno": 16}, example="could not open port /dev/tty.usbserial-0001: [Errno 16] Resource busy: '/dev/tty.usbserial-0001'"),
        Msg("serial_no_such_port", r"(?P<port>/dev/(?:tty|cu)\.[\w.-]+)'?: (?:\[Errno 2\]|No such file or directory)", strength="strong", fail=True,
            attrs={"errno": 2}, example="could not open port /dev/tty.SLAB_USBtoUART: [Errno 2] No such file or directory: '/dev/tty.SLAB_USBtoUART'"),
        Msg("serial_permission_denied", r"(?P<port>/dev/(?:tty|cu)\.[\w.-]+)'?: (?:\[Errno 13\]|Permission denied)", strength="strong", fail=True,
            attrs={"errno": 13}, example="could not open port /dev/cu.usbmodem14101: [Errno 13] Permission denied: '/dev/cu.usbmodem14101'"),
        Msg("serial_port_busy", r"\[Errno 16\] (?:Device or )?(?:resource|Resource) busy: '(?P<port>/dev/(?:tty|cu)\.[\w.-]+)'", strength="strong",
            fail=True, attrs={"errno": 16}, example="OSError: [Errno 16] Resource busy: '/dev/tty.usbserial-1420'"),
        Msg("serial_no_such_port", r"\[Errno 2\] No such file or directory: '(?P<port>/dev/(?:tty|cu)\.[\w.-]+)'", strength="strong", fail=True,
            attrs={"errno": 2}, example="FileNotFoundError: [Errno 2] No such file or directory: '/dev/tty.wchusbserial1410'"),
    ),
    # (host-serial-usb s12) Zigbee2MQTT 1.x-2.x lib/controller.ts: zigbee-herdsman's `adapterDisconnected` event (the
    # coordinator's serial port closed under the running program: the USB device left the bus, or a network adapter's
    # socket closed) is logged `Adapter disconnected, stopping` and Z2M exits. Threads: a weak Pi supply (z2m#21287), a USB
    # cable (z2m#12614), a USB extension cable in a Proxmox passthrough (z2m#23282)
    group(
        "Zigbee2MQTT 1.x-2.x lib/controller.ts (zigbee-herdsman adapterDisconnected)",
        Msg("serial_io_error", r"\bAdapter disconnected, stopping\b", strength="strong", fail=True, attrs={"via": "z2m-adapter-disconnected"},
            example="error 2022-05-27 11:04:55: Adapter disconnected, stopping"),
    ),
    # (host-serial-usb s12) Docker/Moby daemon/oci_linux.go (devicesFromPath; errcode DEVICEINFO in daemon/errors before
    # 2017): `error gathering device information while adding custom device %q: %s` when `--device` / compose `devices:`
    # names a host path that is no device node: "no such file or directory" (the tty is not there: another name such as
    # ttyAMA0 or a by-id link, a board not plugged in) or "not a device node". Podman (containers/common pkg/config device
    # parsing) says `stat <path>: no such file or directory`, left to the generic rows. Examples: IOTstack#66, the moby source
    group(
        "Docker/Moby daemon/oci_linux.go devicesFromPath (docker run --device, compose devices:, Home Assistant Supervisor add-ons)",
        Msg("serial_no_such_port", r"""error gathering device information while adding custom device \\?["'](?P<port>/dev/(?:tty|serial/|cu\.|rfcomm)[^"'\\\s]*)\\?["']: no such file or directory""",
            strength="strong", fail=True, attrs={"errno": 2, "via": "docker-device"},
            example="ERROR: for zigbee2mqtt  Cannot start service zigbee2mqtt: b'error gathering device information while adding custom device "
            "\"/dev/ttyACM0\": no such file or directory"),
    ),
    # (host-serial-usb s12) macOS Cocoa programs report open()'s errno as an NSError: ORSSerialPort (Sources/ORSSerialPort.m
    # notifyDelegateOfPosixError, 2.x 2014-2023: domain NSPOSIXErrorDomain, code errno, NSLocalizedDescription strerror,
    # NSFilePath the port; the open uses O_EXLOCK, so a holder's lock gives EAGAIN 35, its TIOCEXCL EBUSY 16), printed by
    # Foundation's -[NSError description]: `Error Domain=NSPOSIXErrorDomain Code=16 "Resource busy" UserInfo={NSFilePath=...`
    # (UserInfo=0x... {...} before macOS 10.11; the dictionary's key order varies)
    group(
        "ORSSerialPort 2.x (macOS apps) and other Cocoa code: Foundation NSError description of an NSPOSIXErrorDomain error on a serial node",
        Msg("serial_port_busy", r"Error Domain=NSPOSIXErrorDomain Code=16\b(?=.{0,400}?NSFilePath=(?P<port>/dev/[^\s,}]+))", strength="strong", fail=True,
            attrs={"errno": 16}, example='Serial port usbmodem1441 encountered an error: Error Domain=NSPOSIXErrorDomain Code=16 "Resource busy" '
            'UserInfo=0x6080000763c0 {NSFilePath=/dev/cu.usbmodem1441, NSLocalizedDescription=Resource busy}'),
        Msg("serial_port_locked", r"Error Domain=NSPOSIXErrorDomain Code=35\b(?=.{0,400}?NSFilePath=(?P<port>/dev/[^\s,}]+))", strength="strong", fail=True,
            attrs={"errno": 35}, example='Error Domain=NSPOSIXErrorDomain Code=35 "Resource temporarily unavailable" '
            'UserInfo={NSFilePath=/dev/cu.usbserial-1410, NSLocalizedDescription=Resource temporarily unavailable}'),
        Msg("serial_permission_denied", r"Error Domain=NSPOSIXErrorDomain Code=13\b(?=.{0,400}?NSFilePath=(?P<port>/dev/[^\s,}]+))", strength="strong",
            fail=True, attrs={"errno": 13}, example='Error Domain=NSPOSIXErrorDomain Code=13 "Permission denied" '
            'UserInfo={NSFilePath=/dev/cu.usbmodem14101, NSLocalizedDescription=Permission denied}'),
        Msg("serial_no_such_port", r"Error Domain=NSPOSIXErrorDomain Code=(?:2|6)\b(?=.{0,400}?NSFilePath=(?P<port>/dev/[^\s,}]+))", strength="strong",
            fail=True, example='Error Domain=NSPOSIXErrorDomain Code=2 "No such file or directory" '
            'UserInfo={NSFilePath=/dev/cu.SLAB_USBtoUART, NSLocalizedDescription=No such file or directory}'),
    ),
    group(
        "esptool 4.x-5.x (`Could not open <port>, the port is busy or doesn't exist.` then pyserial's text in parentheses and a hint "
        "chosen from it)",
        # (serial-host s10b) esptool v4.2-v4.6 loader.py (57bd869, 2022-06, until 0d3a077, v4.7): `except SerialException:
        # raise FatalError(f"Could not open {port}, the port doesn't exist")`: ANY open failure (busy, permission, missing) gets
        # these words and pyserial's errno is dropped; esptool 2.x-3.x printed pyserial's traceback instead
        Msg("serial_open_failed", r"Could not open (?P<port>\S+?), the port doesn't exist", strength="strong", fail=True, attrs={"via": "esptool4"},
            example="A fatal error occurred: Could not open COM3, the port doesn't exist", src="esptool v4.2-v4.6 loader.py (any SerialException)"),
        Msg("serial_open_failed", r"Could not open (?P<port>\S+?), the port is busy or doesn't exist", strength="strong", fail=True,
            example="A fatal error occurred: Could not open /dev/ttyUSB1, the port is busy or doesn't exist."),
        Msg("serial_permission_denied", r"^Hint: Try to add user into dialout (?:or uucp )?group", strength="strong", fail=True, attrs={"errno": 13},
            example="Hint: Try to add user into dialout or uucp group."),
        Msg("serial_port_busy", r"^Hint: Check if the port is not used by another task", strength="strong", fail=True,
            example="Hint: Check if the port is not used by another task"),
    ),
    group(
        "espflash 2.x-4.x src/error.rs (miette codes espflash::serial_not_found, espflash::no_serial) and cli/mod.rs "
        "(`Failed to open serial port <port>` wrapping serialport-rs's error)",
        Msg("serial_no_such_port", r"The serial port '(?P<port>[^']+)' could not be found", strength="strong", fail=True, attrs={"errno": 2},
            example="  x The serial port '/dev/ttyACM0' could not be found"),
        Msg("serial_no_such_port", r"\bespflash::serial_not_found\b", strength="strong", fail=True, example="Error: espflash::serial_not_found"),
        Msg("serial_open_failed", r"Failed to open serial port (?P<port>/dev/\S+|(?i:COM)\d+)", strength="strong", fail=True,
            example="  × Failed to open serial port /dev/ttyUSB0"),
        # (audit-esp-nrf-updi s11) espflash 1.x-4.x ConnectionError::Serial 'IO error while using serial port: {serialport error}'
        # under 'Failed to open serial port <port>' (the port is on that line): serialport-rs gives strerror on Linux/macOS (EACCES
        # 'Permission denied', EBUSY only without TIOCEXCL) and FormatMessage on Windows ('Access is denied.': a COM port another
        # program holds). NoSerial (espflash::no_serial): no serial port on this host at all (from the source's format)
        Msg("serial_permission_denied", r"IO error while using serial port: Permission denied", strength="strong", fail=True, attrs={"errno": 13},
            example="  ╰─▶ IO error while using serial port: Permission denied"),
        Msg("serial_port_busy", r"IO error while using serial port: (?:Device or resource busy|Resource busy|Access is denied)", strength="strong", fail=True,
            example="  ╰─▶ IO error while using serial port: Access is denied."),
        Msg("serial_io_error", r"IO error while using serial port: (?:Input/output error|Broken pipe|The device does not recognize the command|"
            r"A device attached to the system is not functioning)", strength="strong", fail=True,
            example="  ╰─▶ IO error while using serial port: Input/output error"),
        Msg("serial_open_failed", r"IO error while using serial port: \S", strength="strong", fail=True,
            example="  ╰─▶ IO error while using serial port: Not a typewriter"),
        Msg("serial_no_ports", r"\bespflash::no_serial\b|No serial ports could be detected", strength="strong", fail=True,
            example="  × No serial ports could be detected"),
    ),
    group(
        # (usb-serial s25) Chromium's serial service (services/device/serial/serial_io_handler.cc, Chrome/Electron/NW.js apps:
        # Betaflight/INAV/EmuFlight configurators, Web Serial pages) logs a failed open as `Failed to open serial port: ` and
        # base::File::ErrorToString() of the error, which base/files/file_posix.cc OSErrorToFileError() maps from errno (EBUSY,
        # ETXTBSY -> FILE_ERROR_IN_USE; ENOENT -> FILE_ERROR_NOT_FOUND) and file_win.cc from GetLastError (ERROR_SHARING_VIOLATION
        # -> IN_USE; FILE/PATH_NOT_FOUND -> NOT_FOUND; (review s25: re-read) ERROR_ACCESS_DENIED and ERROR_LOCK_VIOLATION ->
        # ACCESS_DENIED). FILE_ERROR_ACCESS_DENIED stays with the generic row: on Linux it is EACCES/EPERM (permissions), on
        # Windows ERROR_ACCESS_DENIED (a COM port another program holds). The line is the same through device_event_log's
        # SERIAL_LOG (`... Serial: serial_io_handler.cc:150 Failed to open serial port: ...`); ChromeOS opens through
        # permission_broker and prints `Permission broker failed to open '<path>': <name>: <message>` instead
        "Chromium serial service (services/device/serial/serial_io_handler.cc, Chrome 80+ / Electron / NW.js): "
        "`Failed to open serial port: FILE_ERROR_*` (base::File::Error names)",
        Msg("serial_port_busy", r"Failed to open serial port: FILE_ERROR_IN_USE\b", strength="strong", fail=True, attrs={"via": "chromium"},
            example="[24876:24895:1009/223854.455217:ERROR:serial_io_handler.cc(149)] Failed to open serial port: FILE_ERROR_IN_USE"),
        Msg("serial_no_such_port", r"Failed to open serial port: FILE_ERROR_NOT_FOUND\b", strength="strong", fail=True,
            attrs={"errno": 2, "via": "chromium"},
            example="[5176:5203:0212/101532.112014:ERROR:serial_io_handler.cc(155)] Failed to open serial port: FILE_ERROR_NOT_FOUND"),
    ),
    group(
        "(confined-hosts s16) serialport-rs 3.x-4.x src/lib.rs `#[derive(Debug)] struct Error { kind: ErrorKind, description }` as a Rust "
        "program prints it with {:?} (tangara-companion, other serialport-rs GUIs): posix/error.rs maps EACCES to Io(PermissionDenied), "
        "ENOENT to Io(NotFound), EBUSY (TIOCEXCL) to NoDevice, each with strerror; windows/error.rs maps ERROR_ACCESS_DENIED (a COM port "
        "another program holds) and FILE/PATH_NOT_FOUND to NoDevice with FormatMessage's text",
        Msg("serial_permission_denied", r"\bError \{ kind: Io\(PermissionDenied\), description: \"", strength="strong", fail=True,
            attrs={"errno": 13},
            example='error opening tangara: Port(Error { kind: Io(PermissionDenied), description: "Permission denied" })'),
        Msg("serial_no_such_port", r"\bError \{ kind: (?:Io\(NotFound\)|NoDevice), description: \"(?:No such file or directory|"
            r"The system cannot find the (?:file|path) specified\.)\"", strength="strong", fail=True, attrs={"errno": 2},
            example='Port(Error { kind: Io(NotFound), description: "No such file or directory" })'),
        Msg("serial_port_busy", r"\bError \{ kind: NoDevice, description: \"(?:Device or resource busy|Resource busy|Access is denied\.)\"",
            strength="strong", fail=True,
            example='Port(Error { kind: NoDevice, description: "Device or resource busy" })'),
    ),
    group(
        "(audit-esp-nrf-updi s11) Nordic pc-nrfutil 1.x-6.x dfu_transport_serial.py open(): NordicSemiException('Serial port could not be opened "
        "on {port}. Reason: {e.strerror}') (the OS text alone; adafruit-nrfutil and pc-nrfutil 0.5 quote pyserial's whole message, read "
        "by the rows above) (from the source's format)",
        Msg("serial_permission_denied", r"Serial port could not be opened on (?P<port>/dev/\S+?|(?i:COM)\d+)\. Reason: Permission denied", strength="strong",
            fail=True, attrs={"errno": 13},
            example="pc_ble_driver_py.exceptions.NordicSemiException: Serial port could not be opened on /dev/ttyACM0. Reason: Permission denied"),
        Msg("serial_port_busy", r"Serial port could not be opened on (?P<port>/dev/\S+?|(?i:COM)\d+)\. Reason: (?:Device or resource busy|Resource busy|Access is denied)",
            strength="strong", fail=True,
            example="pc_ble_driver_py.exceptions.NordicSemiException: Serial port could not be opened on /dev/ttyACM0. Reason: Device or resource busy"),
        Msg("serial_no_such_port", r"Serial port could not be opened on (?P<port>/dev/\S+?|(?i:COM)\d+)\. Reason: (?:No such file or directory|No such device)",
            strength="strong", fail=True, attrs={"errno": 2},
            example="pc_ble_driver_py.exceptions.NordicSemiException: Serial port could not be opened on /dev/ttyACM1. Reason: No such file or directory"),
        Msg("serial_open_failed", r"Serial port could not be opened on (?P<port>/dev/\S+?|(?i:COM)\d+)\. Reason: (?!\[Errno|could not open port)\S", strength="strong",
            fail=True, example="pc_ble_driver_py.exceptions.NordicSemiException: Serial port could not be opened on COM3. Reason: None"),
    ),
    group(
        "(micropython-circuitpy s11) eProsima Micro-XRCE-DDS-Agent 2.x-3.x (the micro-ROS agent) src/cpp/transport/serial/"
        "TermiosAgentLinux.cpp / MultiTermiosAgentLinux.cpp init(): UXR_AGENT_LOG_ERROR('open device error', 'device: {}, errno: {}{}', "
        "dev, errno, EACCES ? '. Please re-run with superuser privileges.' : '')",
        Msg("serial_permission_denied", r"open device error\W+device: (?P<port>/dev/\S+?), errno: 13\b", strength="strong", fail=True,
            attrs={"errno": 13},
            example="[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | device: /dev/ttyACM0, errno: 13. Please re-run with superuser privileges."),
        Msg("serial_port_busy", r"open device error\W+device: (?P<port>/dev/\S+?), errno: 16\b", strength="strong", fail=True, attrs={"errno": 16},
            example="[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | device: /dev/ttyACM0, errno: 16"),
        Msg("serial_no_such_port", r"open device error\W+device: (?P<port>/dev/\S+?), errno: (?:2|19)\b", strength="strong", fail=True, attrs={"errno": 2},
            example="[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | device: /dev/ttyACM1, errno: 2"),
        Msg("serial_open_failed", r"open device error\W+device: (?P<port>/dev/\S+?), errno: \d+", strength="strong", fail=True,
            example="[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | device: /dev/ttyACM0, errno: 5"),
    ),
    group(
        "(retro-console-tools s16) Flycast (flyinghead/flycast, 2025) core/sdl/dreampicoport.cpp: the DreamPicoPort RP2040 "
        "Dreamcast-controller adapter is opened with asio's serial_port after `DreamPicoPort connecting to (user-configured|"
        "autoselected) serial device: %s`; a failed open logs WARN_LOG(INPUT, \"DreamPicoPort serial connection failed: %s\", "
        "ec.message()) (the OS text: strerror on Linux/macOS, FormatMessage on Windows, where 'Access is denied.' is a COM port "
        "another program holds)",
        Msg("serial_permission_denied", r"\bDreamPicoPort serial connection failed: Permission denied", strength="strong", fail=True,
            attrs={"errno": 13}, example="sdl/dreampicoport.cpp:114 W[INPUT]: DreamPicoPort serial connection failed: Permission denied"),
        Msg("serial_port_busy", r"\bDreamPicoPort serial connection failed: (?:Device or resource busy|Resource busy|Access is denied)",
            strength="strong", fail=True, example="sdl/dreampicoport.cpp:145 W[INPUT]: DreamPicoPort serial connection failed: Access is denied."),
        Msg("serial_no_such_port", r"\bDreamPicoPort serial connection failed: (?:No such file or directory|No such device|"
            r"The system cannot find the file specified)", strength="strong", fail=True, attrs={"errno": 2},
            example="sdl/dreampicoport.cpp:145 W[INPUT]: DreamPicoPort serial connection failed: No such file or directory"),
        Msg("serial_open_failed", r"\bDreamPicoPort serial connection failed: \S", strength="strong", fail=True,
            example="sdl/dreampicoport.cpp:145 W[INPUT]: DreamPicoPort serial connection failed: Input/output error"),
    ),
    group(
        "(ham-gnss s17) graywolf-modem (chrissnell/graywolf, 2026) src/tx/ptt_win.rs and ptt_cm108_win.rs: the PTT port is opened "
        "with CreateFileW and a failure is `format!(\"CreateFileW {}: {}\", path, e)`, e a windows-rs error (FormatMessage text "
        "and HRESULT); logged as `graywolf-modem: ConfigurePtt: build driver for channel N (serial_rts): ...`. 'Access is "
        "denied.' (0x80070005) on a COM port is Windows' answer when another program holds it",
        Msg("serial_port_busy", r"\bCreateFileW (?P<port>(?:\\\\[.?]\\)?(?i:COM)\d+): Access is denied", strength="strong", fail=True,
            example="graywolf-modem: ConfigurePtt: build driver for channel 6 (serial_rts): CreateFileW COM4: Access is denied. (0x80070005)"),
        Msg("serial_no_such_port", r"\bCreateFileW (?P<port>(?:\\\\[.?]\\)?(?i:COM)\d+): The system cannot find the file specified",
            strength="strong", fail=True, attrs={"errno": 2},
            example="CreateFileW COM7: The system cannot find the file specified. (0x80070002)"),
    ),
    group(
        "(rp-usb s8) open failures that hide the errno: MicroPython tools: pyboard.py Pyboard.__init__ (ampy 1.x, rshell, tools/pyboard.py) raises "
        "PyboardError('failed to access ' + device) after its open retries, and mpremote 1.x (transport_serial.py "
        "TransportError, main.py/commands.py add ' (it may be in use by another program)'): the open failed, errno hidden",
        Msg("serial_open_failed", r"PyboardError: failed to access (?P<port>/dev/\S+|(?i:COM)\d+)", strength="strong", fail=True,
            attrs={"via": "pyboard"}, example="ampy.pyboard.PyboardError: failed to access /dev/ttyUSB0"),
        Msg("serial_open_failed", r"^(?:mpremote: )?failed to access (?P<port>/dev/\S+?|(?i:COM)\d+)(?: \(it may be in use by another program\))?\s*$",
            strength="strong", fail=True, attrs={"via": "pyboard"},
            example="mpremote: failed to access /dev/ttyACM0 (it may be in use by another program)"),
        # (windows-macos s9) the same mpremote line passed on by a wrapper that prefixes its own words (VS Code extensions:
        # "Board auto-upload failed for boot.py: mpremote: failed to access COM8 (...)", mpbridge, Makefiles)
        Msg("serial_open_failed", r"\S: mpremote: failed to access (?P<port>/dev/\S+?|(?i:COM)\d+)(?: \(it may be in use by another program\))?\s*$",
            strength="strong", fail=True, attrs={"via": "pyboard"},
            example="Board auto-upload failed for boot.py: mpremote: failed to access COM8 (it may be in use by another program)"),
        # esptool-ck 0.4.x serialport/serialport.c serialport_open() (Arduino ESP8266 core 1.6-2.3 on Linux/macOS): open()
        # failed, errno not printed ("error: cannot access /dev/ttyUSB0", then "error: espcomm_open failed"); not ls/chmod's
        # "cannot access '/dev/...': No such file" (quoted path, a colon after it)
        Msg("serial_open_failed", r"(?<!ls: )\bcannot access (?P<port>/dev/(?:tty[A-Za-z]+\d+|cu\.[\w.-]+))(?![\w':])", strength="strong", fail=True,
            attrs={"via": "esptool-ck"}, example="error: cannot access /dev/ttyUSB0"),
        # (host-serial-usb s12) SparkFun's Apollo3/Artemis SVL uploader (sparkfun/Arduino_Apollo3 tools/artemis/artemis_svl.py
        # phase_serial_port_help, also ambiq_bin2board.py and scripts copied from it): ANY SerialException on open, when
        # list_ports still lists the port, prints "<port> is currently open. Please close any other terminal programs ...":
        # the errno is dropped, the words guess a holder (usbipd-win#681: WSL's tty was root:root, only root could open it)
        Msg("serial_open_failed", r"(?P<port>/dev/\S+?|(?i:COM)\d+) is currently open\. Please close any other terminal programs that may be using",
            strength="strong", fail=True, attrs={"via": "sparkfun-svl"},
            example="/dev/ttyUSB0 is currently open. Please close any other terminal programs that may be using /dev/ttyUSB0 and try again.",
            src="SparkFun Arduino_Apollo3 tools/artemis/artemis_svl.py phase_serial_port_help (host-serial-usb s12)"),
    ),
    group(
        # (serial s8 audit) pyserial release2_7, 3.0-3.5: serialposix.py / serialwin32.py / serialutil.py / tools/miniterm.py
        # messages raised after a port was found: the open refused on macOS (ENXIO), the port's settings refused, a running
        # port that fails (its device left the bus: POLLERR, EIO/ENXIO/ENODEV on read or write, Windows' "access denied" on
        # an open handle), two readers of one port (2.7's EAGAIN on read, the 3.x "readiness" message's ancestor), a baud
        # rate the OS or driver cannot set, and the port used after its open failed. Examples are the source's formats
        # filled in (from the source's format).
        "pyserial 2.7-3.5 serialposix.py, serialwin32.py, serialutil.py, tools/miniterm.py (s8 audit)",
        Msg("serial_no_such_port", r"could not open port (?P<port>/dev/\S+?): \[Errno 6\] Device not configured", strength="strong", fail=True,
            attrs={"errno": 6},
            example="serial.serialutil.SerialException: [Errno 6] could not open port /dev/cu.usbmodem14101: [Errno 6] Device not configured: '/dev/cu.usbmodem14101'"),
        # (deepen-ser-usb-fw s18) read()/write() on a port that had opened: EIO/ENXIO/ENODEV/EPROTO are the device leaving
        # the bus (or its link failing) under the open port: `link_lost` (USB003's reading, the cable USB002's alternative)
        Msg("serial_io_error", r"\b(?:read|write) failed: \[Errno (?:5|6|19|71)\] (?:Input/output error|Device not configured|No such device|Protocol error)",
            strength="strong", fail=True, attrs={"link_lost": True}, example="serial.serialutil.SerialException: read failed: [Errno 6] Device not configured"),
        Msg("serial_multiple_access", r"\bread failed: \[Errno (?:11|35)\] Resource temporarily unavailable", strength="strong", fail=True,
            attrs={"errno": 11}, example="serial.serialutil.SerialException: read failed: [Errno 11] Resource temporarily unavailable"),
        Msg("serial_io_error", r"\bdevice reports error \(poll\)", strength="strong", fail=True,
            example="serial.serialutil.SerialException: device reports error (poll)"),
        Msg("serial_io_error", r"\bwrite failed \(select\)", fail=True, example="serial.serialutil.SerialException: write failed (select)"),
        Msg("serial_io_error", r"\b(?:ReadFile|WriteFile|GetOverlappedResult) failed \((?:PermissionError\(13|WindowsError\(5|OSError\(22|\[Error \d+\])",
            strength="strong", fail=True,
            example="serial.serialutil.SerialException: ReadFile failed (PermissionError(13, 'Access is denied.', None, 5))"),
        Msg("serial_io_error", r"\bSerialTimeoutException: Write timeout", strength="weak", fail=True,
            example="serial.serialutil.SerialTimeoutException: Write timeout"),
        Msg("serial_config_failed", r"\bCould not configure port: \(\d+, '[^']*'\)", strength="strong", fail=True,
            example="serial.serialutil.SerialException: Could not configure port: (25, 'Inappropriate ioctl for device')"),
        Msg("serial_config_failed", r"\bCannot configure port, some(?:thing went| setting was) wrong\. Original message: ", strength="strong", fail=True,
            example="serial.serialutil.SerialException: Cannot configure port, something went wrong. Original message: OSError(22, 'The parameter is incorrect.', None, 87)"),
        Msg("serial_baud_unsupported", r"\bFailed to set custom baud rate \((?P<baud>\d+)\)|don't know how to handle non standard baud rate", strength="strong",
            fail=True, example="ValueError: Failed to set custom baud rate (250000): [Errno 22] Invalid argument"),
        Msg("serial_baud_unsupported", r"(?:\bValueError: |--- ERROR setting baudrate: )(?:Invalid baud rate|Not a valid baudrate): (?P<baud>\S+)", strength="weak",
            fail=True, example="ValueError: Invalid baud rate: 250000"),
        # tools/list_ports.py (`python -m serial.tools.list_ports`, 2.7-3.5): no serial port at all on this host (the board
        # shows no serial device: not plugged, a charge-only cable, no USB firmware, a driver missing or brltty took it)
        Msg("serial_no_ports", r"^no ports found$", strength="weak", fail=True, example="no ports found"),
        Msg("serial_open_failed", r"\b(?:PortNotOpenError|SerialException): Attempting to use a port that is not open|Can only operate on a valid (?:file descriptor|port handle)"
            r"|\bSerialException: Port (?:must be configured before it can be used|is already open)", strength="weak", fail=True,
            example="serial.serialutil.PortNotOpenError: Attempting to use a port that is not open"),
    ),
    group(
        # (deepen-ser-usb-fw s18) the banner a terminal program prints once it has opened the port: which port a person watched
        # (a host UART beside a serial console on it is SER006's reading); no failure by itself
        "picocom 1.x-3.x picocom.c show_status() (\"port is        : %s\"), minicom 2.x main.c (\"Port %s, %s\"), "
        "pyserial 3.x tools/miniterm.py (\"--- Miniterm on {p.name}  {p.baudrate},...\")",
        Msg("serial_terminal_opened", r"^port is\s+: (?P<port>/dev/\S+)\s*$", strength="strong", example="port is        : /dev/ttyS0"),
        Msg("serial_terminal_opened", r"^Port (?P<port>/dev/\S+?)(?:, \d\d:\d\d:\d\d)?\s*$", strength="strong", example="Port /dev/ttyAMA0, 14:02:11"),
        # (firmware-build s22 review) with the rate it opened the port at (FW003's crystal reading against SER007's monitor rate)
        Msg("serial_terminal_opened", r"^--- Miniterm on (?P<port>/dev/\S+)\s+(?P<baud>\d+),\d,[NEOMS],\d", strength="strong",
            example="--- Miniterm on /dev/serial0  115200,8,N,1 ---"),
        # (uart-serial s24) picocom's lines below its status and at its exit (picocom.c "Terminal ready", "Terminating...",
        # "Thanks for using picocom"): the terminal's own, they keep its block (what the board sent comes between them)
        Msg(None, r"^(?:Terminal ready|Terminating\.\.\.|Thanks for using picocom)\s*$", strength="weak", example="Terminal ready"),
    ),
    group(
        # (deepen-serial s19) a program's own check before it opens the port: `if not os.path.exists(port)` / access(F_OK) /
        # os.Stat then "serial port %s does not exist", and a Java serial stack's PortInUseException as "Serial port %s is in
        # use" (openHAB 1.x Z-Wave ZWaveController; pymodbus-based loggers; Go and C serial tools print the same words). Only
        # with a serial device's path or a COM port named
        "a program's own port check: \"serial port <port> does not exist\" (os.path.exists / access / os.Stat), \"Serial port <port> "
        "is in use\" (openHAB 1.x Z-Wave binding ZWaveController: NoSuchPortException / PortInUseException)",
        Msg("serial_no_such_port", r"(?i)\b(?:serial )?(?:port|device) ['\"]?(?P<port>/dev/(?:tty[\w.-]+|serial/by-(?:id|path)/\S+?|cu\.[\w.-]+)|COM\d{1,3})['\"]?\.? does not exist\b",
            strength="strong", fail=True, attrs={"errno": 2, "via": "own-check"}, example="Serial port /dev/ttyUSB0 does not exist"),
        Msg("serial_port_busy", r"(?i)\b(?:serial )?port ['\"]?(?P<port>/dev/(?:tty[\w.-]+|serial/by-(?:id|path)/\S+?|cu\.[\w.-]+)|COM\d{1,3})['\"]?\.? is (?:already )?in use\b",
            strength="strong", fail=True, attrs={"via": "own-check"}, example="ZWaveException: Serial port /dev/ttyACM0 is in use"),
    ),
    group(
        "errno texts (glibc strerror, also de/fr/es/pt/it/ru): only about a serial port",
        # (byid-common s16) also glibc's zh_CN/ja/pl/nl/sv texts of EACCES, EBUSY, ENOENT, EIO (po/*.po; de EBUSY is "Das Gerät oder die
        # Ressource ist belegt", as real logs print it: "error 16: Das Gerät oder die Ressource ist belegt")
        Msg("serial_permission_denied", r"(?i)permission denied|\bEACCES\b|Keine Berechtigung|Permiso denegado|Permission non accordée|Permissão negada|Permesso negato|Отказано в доступе"
            r"|权限不够|許可がありません|Brak dostępu|Toegang geweigerd|Åtkomst nekas",
            fail=True, attrs=_GENERIC, example="FATAL: cannot open /dev/ttyUSB0: Permission denied"),
        Msg("serial_port_busy", r"(?i)device or resource busy|\bEBUSY\b|port (?:is )?busy|resource busy|Gerät oder (?:die )?Ressource (?:ist )?belegt|Dispositivo o recurso ocupado|Périphérique ou ressource occupé"
            r"|Устройство или ресурс занято|设备或资源忙|デバイスもしくはリソースがビジー状態です|Urządzenie lub zasoby zajęte|Dispositivo o risorsa occupat[ao]|Dispositivo ou recurso está ocupado",
            fail=True, attrs=_GENERIC, example="minicom: cannot open /dev/ttyUSB0: Device or resource busy"),
        Msg("serial_no_such_port", r"(?i)no such file or directory|no such device|port doesn't exist|is not available|No existe el archivo o el directorio"
            r"|Arquivo ou diret[óo]rio (?:inexistente|n[ãa]o encontrado)"
            # (gather-intl s20) glibc 2.23-2.40 po/*.po ENOENT in every language (the shared pattern): a translated tool's
            # "cannot open <tty>: <strerror>" (minicom) would otherwise name no cause
            r"|" + ENOENT_L10N,
            fail=True, attrs=_GENERIC, example="OSError: [Errno 2] No such file or directory: '/dev/ttyUSB0'"),
        Msg("serial_io_error", r"(?i)input/output error|\bEIO\b|Eingabe-/Ausgabefehler|Error de entrada/salida|Erreur d'entrée/sortie|Ошибка ввода/вывода|输入/输出错误|入力/出力エラーです",
            fail=True, attrs=_GENERIC, example="could not open port /dev/ttyACM0: [Errno 5] Input/output error: '/dev/ttyACM0'"),
    ),
    # (serial-tool s21) read before the rows of open failures that name no cause: a wrapper's "Failed to open serial port: "
    # in front of node-serialport's "Error Resource temporarily unavailable Cannot lock port" (flashy 2.x, FlashyError) is
    # the lock refusal, not a failure without a cause
    group(
        "(longtail s6c) flock()/TIOCEXCL refusals of other serial libraries: another process has the port open",
        Msg("serial_port_locked", r"Cannot get exclusive lock for serial port (?P<port>\S+?)\.?(?: Error code 11)?\s*$", strength="strong", fail=True,
            attrs={"errno": 11}, src="OpenZWave cpp/src/platform/unix/SerialControllerImpl.cpp (node-openzwave-shared, zwave-js-ui's ozw, 1.4-1.6)",
            example="ERROR: Cannot get exclusive lock for serial port /dev/ttyUSB0. Error code 11"),
        Msg("serial_port_locked", r"Resource temporarily unavailable,? Cannot lock port", strength="strong", fail=True, attrs={"errno": 11},
            src="node serialport 4.x-12.x bindings (serialport_unix.cpp: flock LOCK_EX|LOCK_NB failed), zigbee2mqtt, Node-RED serial nodes",
            example="Error: Error Resource temporarily unavailable Cannot lock port"),
    ),
    group(
        "open failures that name no cause (pyserial, avrdude ser_open, picocom, screen, klippy serialhdl, Arduino)",
        Msg("serial_open_failed", r"(?i)could not open port|can't open device|cannot open (?:line )?'?(?:/dev/|COM)|error opening serial port|cannot open serial port"
            r"|unable to open serial port|failed to open (?:serial )?port|Fehler beim Öffnen der Datei", fail=True, attrs=_GENERIC,
            example="Serial error: could not open port /dev/ttyACM0: [Errno 22] Invalid argument: '/dev/ttyACM0'"),
        # (gather-intl s20) minicom's translated "cannot open %s: %s" (see SerialErrorsParser.strong) with a strerror the errno
        # rows above do not know yet: still a failed open of that tty, never silence
        Msg("serial_open_failed", r"^minicom ?: .{0,80}?(?P<port>/dev/(?:tty|cu\.|serial/|rfcomm)[^\s«»:]*)[«»]?\S*.{0,40}?\s?: \S", fail=True,
            attrs=_GENERIC, example="minicom: /dev/ttyACM0:n avaus epäonnistui: Syöttö/tulostusvirhe"),
    ),
    group(
        # (ham-gnss s17) the strerror, when the tool prints one, comes after the port (ublox) or on the next line (Dire Wolf's
        # PTT open, see _STRERROR_LINE)
        "\"Could not open serial port <port>\": Dire Wolf 1.8 src/serial_port.c (`ERROR - Could not open serial port %s.`, a KISS "
        "or CAT port) and src/dwgpsnmea.c (`Could not open serial port %s for GPS receiver.`); KumarRobotics ublox_gps "
        "src/gps.cpp (`U-Blox: Could not open serial port :<port> <what()>`)",
        Msg("serial_open_failed", r"(?i)\bcould not open serial port\b", fail=True, attrs=_GENERIC,
            example="ERROR - Could not open serial port /dev/ttyS0."),
    ),
    group(
        # (serial-host s10b) JMRI#6597: "ttyUSB0 port is in use: errno() == 13" was the user not in dialout: the words say
        # "in use" for every failure, the errno says which
        "purejavacomm 1.0 PureJavaSerialPort.java (JMRI and other Java programs): open() failed after its retries and "
        "PortInUseException(\"Unknown Application\", errno) carries the message `errno() == <errno>`, whatever the errno "
        "(13 = no permission, 16 = busy, 2 = missing); JMRI logs it as `<port> port is in use: errno() == <n>`",
        Msg("serial_open_failed", r"\b(?:PortInUseException: |port is in use: )errno\(\) == \d+", strength="strong", fail=True,
            attrs={"via": "purejavacomm"}, example="ERROR - ttyUSB0 port is in use: errno() == 13 [main];"),
    ),
    group(
        # (serial-host-tools s11) QGroundControl's Linux start-up check (src/QGCApplication.cc, 3.x-4.x): it reads /etc/group
        # and, when the dialout line does not name $USER, exits with this text (older builds: a QMessageBox with the same
        # words), so the user is not in dialout and every serial link would be refused (qgroundcontrol#10851: `usermod -a -G
        # dialout $USER` fixed it; removing modemmanager, which the message also suggests, did not)
        "QGroundControl 3.x-4.x src/QGCApplication.cc (Linux): `The current user does not have the correct permissions to access serial "
        "devices. You should also remove modemmanager since it also interferes.`",
        Msg("serial_permission_denied", r"The current user does not have the correct permissions to access (?:USB )?serial devices",
            strength="strong", fail=True, attrs={"errno": 13, "via": "qgc-dialout-check"},
            example="The current user does not have the correct permissions to access serial devices. You should also remove modemmanager since it also interferes."),
    ),
    group(
        # resolved threads: vscode-serial-monitor#41 (user not in dialout), #32 and #142 (extension bugs, fixed by a release),
        # vscode-arduino#1635 (the extension itself kept COM7 open): no single cause, so no entry claims it and the failure
        # is quoted (GEN001)
        "(stackexchange s9) VS Code Serial Monitor extension (ms-vscode.vscode-serial-monitor 0.x): `Fail to open the serial port "
        "<port>.`, `**** Failed to open the serial port <port>. ****` (the vscode-arduino monitor's wording too): errno not shown",
        Msg("serial_open_failed", r"(?i)\bFail(?:ed)? to open the serial port (?P<port>/dev/[\w./-]+?|(?i:COM)\d+)\.?(?:\s*\*{4})?\s*$", strength="strong",
            fail=True, attrs={"via": "vscode-serial-monitor"}, example="Fail to open the serial port /dev/ttyUSB0."),
    ),
    group(
        # (stackexchange s9) macOS kextd / kernelmanagerd (10.9-13) refusing a USB-serial bridge's driver extension: an
        # unsigned or unapproved FTDI VCP, WCH CH34x, SiLabs CP210x or Prolific PL2303 kext does not load, so the port
        # either never appears or belongs to no working driver (qiita stastaka: Yosemite, FTDI 2.2.18 "invalid
        # signature ... will not load"; 10.13+ "Kext rejected due to system policy" until allowed in Security & Privacy)
        "macOS kextd 10.9-10.12 (`ERROR: invalid signature for <id>, will not load`), kextd/kernelmanagerd 10.13-13 (`Kext rejected "
        "due to system policy: ... ID = \"<id>\"`), kextload/kextutil (`Failed to load <id>`, `... cannot be loaded`)",
        Msg("serial_driver_not_loaded", r"\binvalid signature for (?P<kext>com\.(?:FTDI|wch|silabs|SiLabs|prolific|Prolific|[\w]*[Uu]sb[Ss]erial)[\w.]*), will not load",
            strength="strong", fail=True, example="ERROR: invalid signature for com.FTDI.driver.FTDIUSBSerialDriver, will not load"),
        Msg("serial_driver_not_loaded", r"\bKext rejected due to system policy\b[^\n]{0,300}?ID = \"?(?P<kext>com\.(?:FTDI|wch|silabs|SiLabs|prolific|Prolific|[\w]*[Uu]sb[Ss]erial)[\w.]*)",
            strength="strong", fail=True,
            example='kextd[94]: Kext rejected due to system policy: <OSKext 0x7f9b4e5b5d80 [0x7fff8e3c2c60]> { URL = "file:///Library/Extensions/usbserial.kext/", ID = "com.wch.usbserial" }'),
        Msg("serial_driver_not_loaded", r"\b(?:Failed to load|Can't load|cannot load) (?:kext )?(?P<kext>com\.(?:FTDI|wch|silabs|SiLabs|prolific|Prolific)[\w.]*)",
            strength="strong", fail=True, example="Failed to load com.silabs.driver.CP210xVCPDriver - (libkern/kext) system policy prevents loading"),
    ),
    group(
        "(fc-drones s12) Qt QSerialPort 5.x-6.x src/serialport/qserialport_unix.cpp QSerialPortPrivate::open() errorString, as "
        "QGroundControl's SerialLink prints it (`Error on link %1. Error connecting: Could not create port. %2`) and APM Planner",
        # QLockFile::tryLock() on the port's LCK..<tty> file failed (a stale lock of a dead process is removed by QLockFile):
        # a running program holds the port, often the same QGroundControl's auto-connect link (QGC #6666, #4535: unticking
        # auto-connect for Pixhawk/SiK let the manual link open it). Not the tty's permissions: those fail later, at open()
        Msg("serial_port_locked", r"Permission error while locking the device", strength="strong", fail=True,
            example="Error on link Test1. Error connecting: Could not create port. Permission error while locking the device"),
    ),
    group(
        # CPython's BlockingIOError (EAGAIN: Linux errno 11, macOS 35) bare, as a traceback's last line: pyserial 3.x
        # serialposix.py _reconfigure_port's fcntl.flock(fd, LOCK_EX | LOCK_NB) when another program holds the port (chained
        # before "Could not exclusively lock port"), or a hand-written reader's os.read() on a non-blocking tty whose bytes
        # another open of the port takes (wiseman/arduino-serial#2: the Arduino IDE's monitor); pyserial's own read() swallows EAGAIN
        "CPython BlockingIOError as pyserial 3.0-3.5 serialposix.py (flock) and os.read() on a tty raise it (byid-usb-ser s17)",
        Msg("serial_multiple_access", r"^(?:builtins\.)?BlockingIOError: \[Errno (?:11|35)\] Resource temporarily unavailable\s*$",
            strength="strong", fail=True, attrs={"errno": 11},
            example="BlockingIOError: [Errno 11] Resource temporarily unavailable"),
    ),
)

TABLE = MessageTable(MESSAGES)
_ERRNO_KIND = {13: "serial_permission_denied", 16: "serial_port_busy", 2: "serial_no_such_port", 19: "serial_no_such_port", 5: "serial_io_error"}
_STRERROR_KINDS = {"serial_permission_denied", "serial_port_busy", "serial_no_such_port", "serial_io_error"}
_KIND_ERRNO = {kind: errno for errno, kind in reversed(_ERRNO_KIND.items())}  # each kind's errno, the first listed (ENOENT, not ENODEV)
# kinds that speak for themselves: no serial context needed, no errno override
_SPECIFIC = {"serial_port_locked", "serial_multiple_access", "serial_tty_not_found"}
# kinds that report no failure (serial-host-apps s17: Printrun's "Printer is now online.")
_INFO_KINDS = {"serial_host_online", "serial_terminal_opened"}  # (deepen-ser-usb-fw s18) a terminal banner: no failure
# (uart-serial s24) after a terminal's banner: the terminal's own lines, which are no board output (miniterm's "--- ... ---"
# rows, picocom's "name is : value" status and "Terminal ready", minicom's welcome screen), and the lines that end its
# session (miniterm's "--- exit ---", picocom's "Terminating..." / "Thanks for using picocom", screen's "[screen is
# terminating]"), then another tool's line ("avrdude: ...", "esptool.py v4.5") or a shell prompt: what follows is no board's
_TERMINAL_CHROME = re.compile(r"(?i)^(?:---|\*\*\*|[a-z][a-z ]*?\s+(?:is|are)?\s*: |terminal ready|picocom v|type \[c-a\]|welcome to minicom"
                              r"|options:|compiled on|port /dev/|press ctrl-a|\[screen is terminating\]|terminating\.\.\.|thanks for using"
                              r"|skipping tty reset)")
_TERMINAL_BAUD = re.compile(r"(?i)^baudrate is\s*: (\d{3,7})\s*$")
_TERMINAL_END = re.compile(r"(?i)^(?:--- exit ---|terminating\.\.\.|thanks for using picocom|\[screen is terminating\]"
                           r"|\$ |[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?[$#] |(?:avrdude|esptool|dfu-util|dfu-programmer|stm32flash|openocd|st-flash|st-info"
                           r"|bossac|picotool|make|pio|platformio|arduino-cli|flashtool|STM32_Programmer_CLI|nrfjprog|teensy_loader_cli)"
                           r"(?:\.exe|\.py)?(?::| v\d))")

# (ham-gnss s17) a C program's strerror(errno) printed alone on the line after its open message, as Dire Wolf's ptt.c does
# (`ERROR can't open device %s for channel %d PTT control.` then `dw_printf("%s\n", strerror(e))`, direwolf 1.5-1.8): it
# names the cause of an open the message line left without one
_STRERROR_LINE = re.compile(r"(?i)^\s*(?P<s>No such file or directory|Permission denied|Device or resource busy|No such device"
                            r"|Input/output error)\.?\s*$")
_STRERROR_ERRNO = {"no such file or directory": 2, "permission denied": 13, "device or resource busy": 16, "no such device": 19,
                   "input/output error": 5}

# (reviewfix s21) the signs of a serial console in the run (ravedude's "Console COM3 at 57600 baud" banner, its name, its
# console.rs in a panic's location): only beside one is Rust std's Windows console refusal a console's undecodable bytes;
# any other Rust program printing non-UTF-8 to a Windows console (`cargo run` of a tool that dumps a binary) stops alike
_RUST_CONSOLE = re.compile(r"(?i)\bravedude\b|\bconsole\.rs\b|^\s*Console (?:/dev/\S+|COM\d+|\S+) at \d+ baud")
_HOLDER = re.compile(r"^\s*(?:Process ID|PID): (?P<pid>\d+)|^\s*Process Systemd Unit Name: (?P<unit>\S+)|^\s*(?:Command Line|Executable|Process Command Line): (?P<cmd>.+)$")

_TOOLS = (
    ("octoprint", re.compile(r"(?i)octoprint|comm\.py|Unexpected error while connecting to serial port|Failed to autodetect")),
    ("pronterface", re.compile(r"(?i)pronterface|printrun|printcore|Could not connect to \S+ at baudrate")),
    ("klippy", re.compile(r"(?i)klippy|serialhdl|Unable to open serial port")),
    ("flashtool", re.compile(r"(?i)flashtool|flash_can|Flash Tool Error|FlashError|in use by another program|No Serial Device found")),
    ("avrdude", re.compile(r"(?i)avrdude|ser_open\(\)")),
    ("esptool", re.compile(r"(?i)esptool|A fatal error occurred")),
    ("picocom", re.compile(r"(?i)picocom|FATAL: cannot open")),
    ("minicom", re.compile(r"(?i)minicom")),
    ("screen", re.compile(r"(?i)Cannot open line|\[screen")),
    ("arduino", re.compile(r"(?i)Error opening serial port|Board at \S+ is not available")),
    ("node-serialport", re.compile(r"(?i)serialport/|, cannot open /dev/")),
)


def _clean(path: str) -> str:
    return path.strip().rstrip("'\".,:;)]»«").lstrip("'\"(»«")


def _port(line: str) -> str | None:
    m = _QUOTED_PATH.search(line)
    if m and (_PATH_RX.match(m.group("p")) or m.group("p").startswith("/dev/") or m.group("p").startswith("dev/tty")):
        return _clean(m.group("p"))
    m = _PORT_WORD.search(line)
    if m:
        return _clean(m.group("p"))
    m = _PATH_RX.search(line)
    if m:
        return _clean(m.group(0))
    m = _BARE_TTY.search(line)
    if m:
        return m.group("p")
    return None


def classify(line: str) -> tuple[str, dict[str, Any]] | None:
    """The event (kind, {port, errno}) a message about opening a serial port means, or None."""
    if len(line) > 2000:
        line = line[:2000]
    text = line.strip()
    raise_line = text.startswith("raise ")
    if raise_line or text.startswith("File \""):
        # a traceback's source line or frame (`raise SerialException("could not open port ...`), not the error; except a
        # `raised` row: a literal only that tool's source raises, so a traceback that shows the line shows it raised
        found = next(((row, m) for row, m in TABLE.match(text, all_matches=True) if row.kind), None)
        if not (raise_line and found is not None and dict(found[0].attrs).get("raised")):  # type: ignore[arg-type]
            return None
    found = next(((row, m) for row, m in TABLE.match(text, all_matches=True) if row.kind), None)
    errnos = [int(next(g for g in m.groups() if g)) for m in _ERRNO.finditer(text)]
    if found is None:
        return None
    row, m = found
    kind = row.kind
    constants: dict[str, Any] = dict(row.attrs)  # type: ignore[arg-type]
    generic = bool(constants.pop("generic", False))
    constants.pop("raised", None)
    attrs: dict[str, Any] = constants
    if m.groupdict().get("kext"):
        attrs["kext"] = m.group("kext")  # (stackexchange s9) the driver extension macOS refused
    if m.groupdict().get("baud"):
        attrs["baud"] = int(m.group("baud"))  # (serial-host-apps s17) the rate a host program used (Printrun)
    explicit = m.groupdict().get("port")
    if explicit:
        attrs["port"] = _clean(explicit)
        if errnos and "errno" not in attrs:
            attrs["errno"] = errnos[-1]
        if kind == "serial_open_failed":
            # (deepen-serial s19) an open message that names the port, with the cause's errno or strerror on the same line
            # ("Failed to open serial port /dev/ttyUSB0: Permission denied"): the cause decides, as for a line without a port
            # (only what follows the row's own words: "the port is busy or doesn't exist" is esptool's, not a cause)
            rest = text[m.end():]
            rest_errnos = [int(next(g for g in e.groups() if g)) for e in _ERRNO.finditer(rest)]
            # (EIO is left to the open failure: an I/O error while opening is not a link lost after it opened)
            caused = next((_ERRNO_KIND[e] for e in reversed(rest_errnos) if e in _ERRNO_KIND and e != 5), None) or (next(
                (r.kind for r, _ in TABLE.match(rest, all_matches=True)
                 if r.kind in _STRERROR_KINDS - {"serial_io_error"} and dict(r.attrs).get("generic")), None) if rest.strip() else None)  # type: ignore[arg-type]
            if caused:
                kind = caused
                attrs.setdefault("errno", _KIND_ERRNO[caused])
        if kind == "serial_no_such_port" and foreign_port(attrs["port"], text):
            attrs["foreign_os"] = foreign_port(attrs["port"], text)
        return str(kind), _builtin(attrs)
    if kind == "serial_open_failed":
        for e in reversed(errnos):
            if e in _ERRNO_KIND:
                kind = _ERRNO_KIND[e]
                break
    port = _port(text)
    if generic and kind not in _SPECIFIC:
        # a generic message (permission denied, no such file) only counts when it is about a serial port
        if not _SERIAL_CONTEXT.search(text) or (port is None and kind != "serial_open_failed" and "serial" not in text.lower()):
            return None
        if port is not None and port.startswith("/dev/") and not _PATH_RX.match(port) and kind != "serial_open_failed" \
                and (_NOT_A_TTY.match(port) or not _OPEN_PORT.search(text)):
            # e.g. /dev/bus/usb/...: raw USB access, not a tty (see the libusb parsers). A udev alias of a serial
            # device (RatOS's /dev/btt-octopus-11, /dev/printer) still counts where pyserial says it opened a port
            return None
    attrs["port"] = port
    if errnos:
        attrs["errno"] = errnos[-1]
    elif kind == "serial_permission_denied":
        attrs.setdefault("errno", 13)
    elif kind == "serial_no_such_port" and "no such device or address" in text.lower():
        attrs.setdefault("errno", 6)  # ENXIO (glibc's strerror): the node is there, no device is behind it
    if kind == "serial_open_failed" and port and port.startswith("/dev/") and _WINDOWS_MISSING.search(text):
        kind = "serial_no_such_port"  # Windows' "path not found" for a /dev/ name (no errno in the text)
    if kind == "serial_no_such_port":
        foreign = foreign_port(port, text)
        if foreign:
            attrs["foreign_os"] = foreign
    return str(kind), _builtin(attrs)


@register
class SerialErrorsParser(TableParser):
    name = "serial-open"
    namespace = "serial"
    messages = MESSAGES
    # lines that only tell the splitter they belong here (their meaning comes from the rows above)
    strong = (
        r"(?i:could not open port)",
        r"(?i:(?:failed|unable) to open (?:the )?(?:serial )?port)",
        r"(?i:\bcould not open serial port (?:/dev/|:/dev/|COM\d))",  # (ham-gnss s17) Dire Wolf, ROS ublox_gps
        # (stackexchange s9) avrdude's ser_open() text quoted without its "avrdude: ser_open(): " prefix (blog posts,
        # answers, IDE consoles that trim it), any quotes (a rendered page's `...' or curly ones, folded by the reader)
        r"(?i:\bcan'?t open device [\"'`]?(?:/dev/(?:tty|cu\.|serial/)|(?:\\\\[.?]\\)?COM\d))",
        r"(?i:\bfail(?:ed)? to open the serial port (?:/dev/|COM\d))",
        r"(?i:error opening (?:the )?serial\b)",
        r"(?i:Could not connect to \S+ at baudrate)",
        r"(?i:cannot open (?:line )?'?/dev/tty)",
        r"(?i:\bcan(?:not|'t) open tty(?:USB|ACM|AMA|S|THS|mxc)\d+: )",  # (serial-host-tools s11) picocom/minicom given a tty without /dev/
        # (gather-intl s20) minicom 2.x src/main.c `_("minicom: cannot open %s: %s\n")` under a translated locale (po/*.po:
        # de `Fehler beim Öffnen der Datei »%s«: %s`, fr `ne peut ouvrir`, es `no puede abrir`, ja `%s をオープンできません : %s`,
        # fi `%s:n avaus epäonnistui: %s`, zh_TW `無法開啟檔案 %s: %s`, ru, pl, pt_BR, cs, sv...): the only minicom message with
        # the prefix, a tty and a strerror; the strerror (translated too) is read by the errno rows
        r"^minicom ?: .{0,80}?/dev/(?:tty|cu\.|serial/|rfcomm)\S*.{0,40}?\s?: \S",
        r"\[Errno (?:13|16|11)\][^\n]{0,400}?(?:/dev/tty|'dev/tty|/dev/serial/|klipper_host_mcu)",  # bounded: linear on long lines
        r"(?i:Unexpected error while connecting to serial port)",
        # (serial-host s10b) Go's os.Open error as Go flashers print it (Mongoose OS `mos flash`, TinyGo): `open <tty>: <strerror>`
        r"(?i:\bopen (?:/dev/(?:tty|cu\.|rfcomm)\S+|COM\d+): (?:resource busy|device or resource busy|permission denied|no such file or directory|access is denied))",
        r"open device error\W+device: /dev/\S+, errno: \d+",  # (micropython-circuitpy s11) micro-ROS / Micro-XRCE-DDS agent
        # (audit-serial-stacks s18) serialport-rs's Debug struct, RXTX's PortInUseException and its Windows termios report
        r"\bError \{ kind: (?:Io\(\w+\)|NoDevice), description: \"",
        r"\bPortInUseException: (?:Unknown (?:Application|Owner)|[A-Z][a-z]+(?: [a-z]+)* in open)\b",
        r"^Error 0x[25] at \S*termios\.c\(\d+\): ",
        # (reviewfix s21) ravedude's console: its banner and a panic in its console.rs (a run with a serial console)
        r"^\s*Console (?:/dev/\S+|COM\d+) at \d+ baud\s*$",
        r"\bpanicked at \S*\bravedude\S*console\.rs\b",
    )
    weak = (
        r"^\s*Process (?:ID|Systemd Unit Name): ",
        r"^\s*(?:Command Line|Executable): ",
        r"\[Errno \d+\][^\n]{0,400}?(?:/dev/tty|/dev/serial/)",
        r"\[Errno \d+\][^\n]{0,400}?['\"]tty(?:USB|ACM|AMA|S|THS|mxc)\d+['\"]",  # (serial-host-tools s11) a tty named without /dev/
        r"(?i:SerialException)",
        r"(?i:^\s*Serial error:)",
        # (ham-gnss s17) xbot_driver_gps src/devices/serial_gps_device.cpp (OpenMower): `opening serial port: <port> with
        # baudrate: N`, then `error opening serial port.` names no port (the parser takes it from this line)
        r"(?i:\bopening serial port: (?:/dev/|COM\d))",
    )
    hints = ("port", "errno", "serial", "tty device", "process", "command line", "executable", "permission", "/dev/", "baudrate",
             "line in use", "is locked", "cannot open", "semaphore", "clearcommerror", "device attached", "access", "busy", "com", "dialout",
             "baud", "failed (", "reports error", "valid file descriptor", "configure port", "write timeout",
             "adapter disconnected",  # (host-serial-usb s12) Zigbee2MQTT's coordinator lost
             "now online",  # (serial-host-apps s17) Printrun's "Printer is now online."
             "non-utf-8",  # (serial-tool s21) a Rust console's std error on a Windows console (ravedude)
             "ravedude", "console.rs",  # (reviewfix s21) the console that error belongs to
             "description: ", "portinuseexception", "termios.c", "system.io.ioexception",  # (audit-serial-stacks s18) serialport-rs, RXTX, Mono
             "terminal ready", "terminating...", "using picocom")  # (uart-serial s24) picocom's own lines
    event_kinds = EVENT_KINDS
    MAX_SAME = 20  # events kept of one kind on one port

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._tool: str | None = None
        self._in_use: dict[str, Any] | None = None
        self._holders: dict[str, list[dict[str, Any]]] = {}
        self._seen: dict[tuple[str, Any], int] = {}
        self._prev = ""
        self._open_no_cause: dict[str, Any] | None = None  # the last serial_open_failed event with no errno yet
        self._rust_console = False  # (reviewfix s21) a serial console shown in this run (ravedude)
        # (uart-serial s24) a terminal's banner (serial_terminal_opened), then what the board sent: the first undecodable line,
        # how many, and how many readable ones (serial_monitor.py's reading of a monitor's rows), until the session ends
        self._terminal: dict[str, Any] | None = None
        self._garbled_at: tuple[int, str] | None = None
        self._garbled = 0
        self._readable = 0  # the board's readable lines since the banner (not the terminal's own)
        self._monitor: Any = None
        self._clean: Any = None

    def feed(self, lineno: int, line: str) -> None:
        if len(line) > 2000:
            line = line[:2000]
        if self._tool is None:
            for tool, rx in _TOOLS:
                if rx.search(line):
                    self._tool = tool
                    break
        if self._in_use is not None:
            m = _HOLDER.match(line)
            if m:
                self._holder_line(m)
                return
        if not self._rust_console and _RUST_CONSOLE.search(line):
            self._rust_console = True
        if self._terminal is not None and self._terminal_output(lineno, line):
            return
        prev, self._prev = self._prev, line
        pending, self._open_no_cause = self._open_no_cause, None
        if pending is not None:
            m = _STRERROR_LINE.match(line)
            if m:
                errno = _STRERROR_ERRNO[m.group("s").lower()]
                pending["errno"] = errno
                pending["kind"] = _ERRNO_KIND.get(errno, pending["kind"])
                return
        result = classify(line)
        if result is None:
            return
        kind, attrs = result
        if kind == "serial_open_failed" and not attrs.get("port"):
            # (ham-gnss s17) a program that announces the port and then fails without naming it (OpenMower's xbot driver_gps:
            # `opening serial port: <path> with baudrate: N` then `error opening serial port.`): the port is the one just named
            pm = _PATH_RX.search(prev)
            if pm and re.search(r"(?i)\bopen", prev):
                attrs = {**attrs, "port": _clean(pm.group(0))}
        if kind == "serial_device_run" and re.search(r">>?\s*" + re.escape(str(attrs.get("port"))) + r"(?:\s|$)", prev):
            kind, attrs = "serial_permission_denied", {**attrs, "errno": 13}  # `echo ... > <path>`: the open was refused
        if attrs.get("via") == "rust-console" and not self._rust_console:
            attrs = {**attrs, "via": "rust-stdout"}  # (reviewfix s21) no console in sight: a program's own stdout (GEN001)
        if kind == "serial_in_use" and self._in_use is not None and self._in_use.get("port") == attrs.get("port"):
            return  # the FlashError repeating the same message
        key = (kind, attrs.get("port"))
        if self._seen.get(key, 0) >= self.MAX_SAME:
            self._seen[key] += 1
            return  # a log repeating the same failure: the first few say it all (bounded memory)
        self._seen[key] = self._seen.get(key, 0) + 1
        ev = self.event(kind, lineno, line, fail=kind not in _INFO_KINDS, **attrs)
        if kind == "serial_terminal_opened":
            self._close_terminal()  # (a session before it ended there)
            self._terminal, self._garbled_at, self._garbled, self._readable = ev, None, 0, 0
        if kind == "serial_open_failed" and "errno" not in attrs:
            self._open_no_cause = ev
        if kind == "serial_in_use":
            self._in_use = ev

    def _terminal_output(self, lineno: int, line: str) -> bool:
        """(uart-serial s24) A line the board sent after a terminal's banner: an undecodable row (serial_monitor.py's own test:
        U+FFFD or U+2E2E runs, Latin-1 symbols outnumbering letters) counts, and so does each readable line from the banner on
        (a boot ROM's one garbled line at another rate, then the sketch's clean text, is no wrong rate); the terminal's own
        lines count for neither, and its exit line, a shell prompt or another tool's line ends the session."""
        text = line.strip()
        if not text:
            return False
        if self._monitor is None:
            from doctor.parsers.serial_monitor import _CLEAN, SerialMonitorParser
            self._monitor = SerialMonitorParser(self.source)
            self._clean = _CLEAN
        if self._monitor._garbled_line(text):
            self._garbled += 1
            if self._garbled_at is None:
                self._garbled_at = (lineno, line)
            return True
        if _TERMINAL_END.match(text):
            self._close_terminal()
            return False
        m = _TERMINAL_BAUD.match(text)
        if m and self._terminal is not None and self._terminal.get("baud") is None:
            self._terminal["baud"] = int(m.group(1))  # picocom's status row below its "port is" line
        if not _TERMINAL_CHROME.match(text) and self._clean.search(text):
            self._readable += 1
        return False

    def quiet_now(self) -> bool:
        return self._terminal is None  # (uart-serial s24) inside a terminal's session every line the board sent counts

    def _close_terminal(self) -> None:
        """(uart-serial s24) The terminal's session ended: when it showed two undecodable lines or more, or more of them than
        readable ones, its rate is not the board's."""
        term, self._terminal = self._terminal, None
        if term is None or self._garbled_at is None or (self._garbled < 2 and self._garbled <= self._readable):
            return
        lineno, line = self._garbled_at
        extra = {k: term[k] for k in ("port", "baud") if term.get(k) is not None}
        self.event("serial_terminal_garbled", lineno, line, fail=True, garbled_lines=self._garbled, **extra)

    def _holder_line(self, m: re.Match[str]) -> None:
        ev = self._in_use
        assert ev is not None
        port = ev.get("port") or ""
        holders = self._holders.setdefault(port, [])
        if m.group("pid"):
            ev["pid_holder"] = int(m.group("pid"))
            holders.append({"pid": int(m.group("pid"))})
        elif holders:
            if m.group("unit"):
                ev["unit"] = m.group("unit")
                holders[-1]["unit"] = m.group("unit")
            elif m.group("cmd"):
                ev["command"] = m.group("cmd").strip()[:300]
                holders[-1]["cmdline"] = m.group("cmd").strip()[:300]
                holders[-1]["comm"] = _comm(m.group("cmd"))

    def finish(self) -> dict[str, Any]:
        self._close_terminal()  # (uart-serial s24) a terminal session still open at the end
        out: dict[str, Any] = {"serial": {"runs": [self.run(tool=self._tool or "serial", **self.summary())]}}
        ports = []
        for port, holders in self._holders.items():
            if port and holders:
                del holders[50:]
                ports.append({"device": port, "holders": holders, "origin": "pasted", "source": self.source,
                              "line": (self._in_use or {}).get("line")})
        if ports:
            out["serial"]["ports"] = ports
        return out


def _comm(cmdline: str) -> str:
    """A process name from a command line: the script for interpreters (klippy.py, octoprint)."""
    words = cmdline.split()
    if not words:
        return ""
    first = words[0].rsplit("/", 1)[-1]
    if first.startswith("python") and len(words) > 1:
        for w in words[1:]:
            if not w.startswith("-"):
                return w.rsplit("/", 1)[-1]
    return first
