"""libusb's own log lines, which any program built on libusb-1.0 prints on stderr when it logs errors (LIBUSB_DEBUG,
libusb_set_option LOG_LEVEL, or a build that logs by default): logic-analyzer and scope front ends, vendor flashers and
GUIs, sometimes openocd, picotool or dfu-util.

The Linux backend (os/linux_usbfs.c get_usbfs_fd(), op_open() in 1.0.9) opens the device's raw node
/dev/bus/usb/BBB/DDD read-write; refused, it logs `libusb couldn't open USB device <path>, errno=13` (1.0.24 and
later; `: Permission denied` in 1.0.9-1.0.23) and `libusb requires write access to USB device nodes[.]`, and the
program gets LIBUSB_ERROR_ACCESS: no udev rule gives the user the device (USB004). A log line reads
`libusb: error [get_usbfs_fd] ...` (`[ t.tttttt] [thread] libusb: error [...]` with timestamps; `libusb:error [...]`
in 1.0.9). The rows are weak: inside another tool's block (openocd) the tool's own message reads the failure.
Facts: one run per block under `flash.runs` (tool "libusb").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_LOG = r"\blibusb: ?(?:error|warning) \[_?\w+\] "

MESSAGES = rows_of(
    group(
        "libusb 1.0.9-1.0.27 os/linux_usbfs.c get_usbfs_fd() / op_open() (usbi_err): the raw USB node refused read-write "
        "(`libusb couldn't open USB device %s, errno=%d` 1.0.24+, `...%s: %s` strerror 1.0.19-1.0.23, `...%s: Permission "
        "denied.` 1.0.9) and `libusb requires write access to USB device nodes[.]`",
        Msg("usb_access_denied", _LOG + r"libusb couldn't open USB device (?P<path>/\S+?)(?:, errno=13\b|: Permission denied)",
            "weak", fail=True,
            example="libusb: error [get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/003/028, errno=13"),
        # (gather-wrappers s20) the same open() refused with EPERM (errno=1, "Operation not permitted" in 1.0.19-1.0.23): not
        # the node's mode but a device cgroup or sandbox around the process (a Docker/VS Code DevContainer without the device
        # allowed, a snap or Flatpak without the USB interface) even where the node is 0666 (stlink-org/stlink#1471: st-flash
        # in a DevContainer on WSL2, fixed by running the container --privileged); the process may not open the device all the same
        Msg("usb_access_denied", _LOG + r"libusb couldn't open USB device (?P<path>/\S+?)(?:, errno=1\b|: Operation not permitted)",
            "weak", fail=True, attrs={"reason": "sandbox"},
            example="libusb: error [get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/001/005, errno=1"),
        Msg("usb_access_denied", _LOG + r"libusb requires write access to USB device nodes", "weak", fail=True,
            example="libusb: error [get_usbfs_fd] libusb requires write access to USB device nodes"),
    ),
    group(
        # (audit-serial-stacks s18) the interface is held: Linux usbfs's USBDEVFS_CLAIMINTERFACE refused with EBUSY, logged as
        # "claim interface failed, error %d errno %d" in 1.0.9-1.0.25 (1.0.26+ returns LIBUSB_ERROR_BUSY without a log line);
        # Windows: WinUSB opens a device exclusively, so the interface's CreateFile refused with [5] ERROR_ACCESS_DENIED while
        # the driver is WinUSB means another program has it open, and WinUsb_ClaimInterface's [170] ERROR_BUSY says so directly
        # (windows_error_str: "[<code>] <FormatMessage>", in Windows' language)
        "libusb 1.0.9-1.0.25 os/linux_usbfs.c op_claim_interface(); 1.0.20-1.0.29 os/windows_winusb.c winusbx_open() "
        "(`could not open device %s (interface %d): %s`), winusbx_claim_interface() (`could not claim interface %u: %s`)",
        Msg("device_busy", _LOG + r"claim interface failed, error -?\d+ errno 16\b", "weak", fail=True,
            example="libusb: error [op_claim_interface] claim interface failed, error -1 errno 16"),
        Msg("device_busy", _LOG + r"could not open device \S+ \(interface \d+\): \[5\] ", "weak", fail=True,
            example="libusb: error [winusbx_open] could not open device \\\\?\\USB#VID_0483&PID_DF11#123#{a5dcbf10-6530-11d2-901f-00c04fb951ed} (interface 0): [5] Access is denied."),
        Msg("device_busy", _LOG + r"could not claim interface \d+: \[170\] ", "weak", fail=True,
            example="libusb: error [winusbx_claim_interface] could not claim interface 0: [170] The requested resource is in use."),
    ),
)


@register
class LibusbLogParser(TableParser):
    name = "libusb-log"
    namespace = "flash"
    messages = MESSAGES
    hints = ("libusb:",)
