"""Rows and rules added for the confined-hosts round (session 16): Flatpak/Snap apps, browsers and containers opening
serial ports and USB devices."""

from __future__ import annotations

from tests.textkit import first, kinds, serious

# serialport-rs src/lib.rs Error {kind, description} printed with {:?} by a Rust app (tangara-companion#5, a Flatpak)
RUST_SERIALPORT_EACCES = """$ flatpak run zone.cooltech.tangara.Companion
[2024-12-19T19:14:42Z DEBUG tangara_companion::device] watch: new params: Some(ConnectionParams { serial: SerialPortInfo { port_name: "/dev/ttyACM0", port_type: UsbPort(UsbPortInfo { vid: 4617, pid: 8212, serial_number: None, manufacturer: None, product: None }) }, usb: UsbPortInfo { vid: 4617, pid: 8212, serial_number: None, manufacturer: None, product: None } })
error opening tangara: Port(Error { kind: Io(PermissionDenied), description: "Permission denied" })"""


def test_rust_serialport_permission_denied_is_the_tty_group() -> None:
    assert "serial_permission_denied" in kinds(RUST_SERIALPORT_EACCES, "serial")
    assert first(RUST_SERIALPORT_EACCES) == "SER004"


def test_rust_serialport_not_found_and_busy() -> None:
    nf = 'error opening device: Port(Error { kind: Io(NotFound), description: "No such file or directory" })'
    busy = 'error opening device: Port(Error { kind: NoDevice, description: "Device or resource busy" })'
    win = 'error opening device: Port(Error { kind: NoDevice, description: "Access is denied." })'
    assert "serial_no_such_port" in kinds(nf, "serial")
    assert "serial_port_busy" in kinds(busy, "serial")
    assert "serial_port_busy" in kinds(win, "serial")
    assert "SER004" not in serious(win)


# everything-presence-one#28: ESP Web Tools in Chrome on Linux, the tty root:uucp 0660 pasted next to the browser's error
WEBSERIAL_LINUX = """Failed to execute 'open' on 'SerialPort': Failed to open serial port.

$ ls -l /dev/ttyUSB0

crw-rw---- 1 root uucp 188, 0 Mar 10 13:51 /dev/ttyUSB0"""


def test_webserial_open_failed_with_group_owned_tty_is_ser004() -> None:
    assert first(WEBSERIAL_LINUX) == "SER004"


def test_bare_webserial_open_failed_stays_the_fallback() -> None:
    text = "Failed to execute 'open' on 'SerialPort': Failed to open serial port."
    assert first(text) == "GEN001"


def test_webserial_with_world_writable_tty_is_not_the_group() -> None:
    text = WEBSERIAL_LINUX.replace("crw-rw----", "crw-rw-rw-")
    assert "SER004" not in serious(text)


# thonny#2650: Thonny 4.0's Flatpak runs `mount` to list volumes; the sandbox has no mount executable
FLATPAK_NO_MOUNT = """Traceback (most recent call last):
  File "/app/lib/python3.10/site-packages/thonny/misc_utils.py", line 101, in list_volumes
    mount_output = subprocess.check_output("mount").splitlines()
  File "/usr/lib/python3.10/subprocess.py", line 1845, in _execute_child
    raise child_exception_type(errno_num, err_msg, err_filename)
FileNotFoundError: [Errno 2] No such file or directory: 'mount'"""


def test_missing_base_system_tool_is_a_sandbox_not_an_install() -> None:
    assert "tool_missing" in kinds(FLATPAK_NO_MOUNT, "shell")
    assert first(FLATPAK_NO_MOUNT) == "GEN001"
    assert "TOOL001" not in serious(FLATPAK_NO_MOUNT)


def test_missing_flash_tool_is_still_tool001() -> None:
    assert first("FileNotFoundError: [Errno 2] No such file or directory: 'dfu-util'") == "TOOL001"


# wmbusmeters#981: the wmbusmeters snap refused a tty that `ls -la` shows crwxrwxrwx (open to every user)
SNAP_WORLD_OPEN_TTY = """Jun 16 09:11:52 ha wmbusmeters[6851]: (serial) check if /dev/ttyUSB0 can be accessed
Jun 16 09:11:52 ha wmbusmeters[6851]: (serial) you do not have the correct permissions to open the tty /dev/ttyUSB0 and you do not share the same access group.
$ ls -la /dev/ttyUSB0 
crwxrwxrwx 1 root dialout 188, 0 16. Jun 09:12 /dev/ttyUSB0"""


def test_refused_tty_open_to_everyone_is_not_the_group() -> None:
    assert "SER004" not in serious(SNAP_WORLD_OPEN_TTY)
    assert first(SNAP_WORLD_OPEN_TTY) == "GEN001"


def test_refused_tty_owned_by_group_is_still_ser004() -> None:
    text = SNAP_WORLD_OPEN_TTY.replace("crwxrwxrwx", "crw-rw----")
    assert first(text) == "SER004"


def test_node_spawn_enoent_as_json_is_a_missing_tool() -> None:
    text = '{"errno":-2,"code":"ENOENT","syscall":"spawn udevadm","path":"udevadm","spawnargs":["info","-e"]}'
    assert "tool_missing" in kinds(text, "shell")
    assert first(text) == "TOOL001"
