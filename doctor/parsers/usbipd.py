"""usbipd-win (2.x-5.x, `usbipd wsl attach` / `usbipd attach --wsl`) and the Linux usbip client it drives inside WSL 2: how
a board plugged into Windows fails to reach a Klipper host, esptool, dfu-util or avrdude running in WSL.

- `usbipd: error: WSL 'usbip' client not correctly installed.` (2.x), the linux-tools wrapper's `WARNING: usbip not found
  for kernel 5.10.102.1-microsoft` (Ubuntu's /usr/bin/usbip stub) -> `tool_missing` (TOOL001: install the usbip client)
- `usbip: error: Attach Request for 1-2 failed - Device busy (exported)`: Windows itself (a program, a service, its driver)
  holds the device; `... - Device in error state`; `usbipd: error: Failed to attach device with busid '1-9'.`;
  `usbipd: error: Device is not shared; run 'usbipd bind --busid 1-2' as administrator first.`; `There is no device with
  busid`; `WSL kernel is not USBIP capable` / `Loading vhci-hcd failed` -> `usbipd_attach_failed` (a failure doctor
  quotes, with `reason`)
- `usbipd: warning: USB filter 'X' is known to be incompatible with this software; 'bind --force' will be required.` ->
  `usbipd_filter_conflict`; `usbipd: info: Using WSL distribution 'Ubuntu' to attach` -> `usbipd_attaching` (benign)

(windows-macos s9: dorssel/usbipd-win #391, #304, #227, #264, #995)
"""

from __future__ import annotations

from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "usbipd-win 2.x-5.x (Usbipd/Wsl*.cs, Program.cs) and the Linux usbip 2.0 client (usbip_attach.c) in WSL 2",
        Msg("tool_missing", r"^usbipd: error: WSL 'usbip' client not correctly installed", strength="strong", fail=True,
            attrs={"name": "usbip", "text": "the WSL usbip client (linux-tools)"},
            example="usbipd: error: WSL 'usbip' client not correctly installed. See https://github.com/dorssel/usbipd-win/wiki/WSL-support for the latest instructions."),
        Msg("tool_missing", r"^WARNING: usbip not found for kernel (?P<kernel>\S+)", strength="strong", fail=True,
            attrs={"name": "usbip", "text": "the usbip client for this kernel (linux-tools)"},
            example="WARNING: usbip not found for kernel 5.10.102.1-microsoft"),
        Msg("usbipd_attach_failed", r"^(?:WSL )?usbip: error: Attach Request for (?P<busid>\S+) failed - (?P<reason>Device busy \(exported\)|Device in error state|[^\n]{1,60})",
            strength="strong", fail=True,
            example="usbip: error: Attach Request for 1-2 failed - Device busy (exported)"),
        Msg("usbipd_attach_failed", r"(?i)^usbipd: error: (?P<reason>Failed to attach device with busid|Device is not shared|There is no device with busid|WSL kernel is not USBIP capable|Loading vhci-hcd failed|Access denied; this operation requires administrator privileges)",
            strength="strong", fail=True,
            example="usbipd: error: Failed to attach device with busid '1-9'."),
        Msg("usbipd_filter_conflict", r"^usbipd: warning: (?:Unknown )?USB filter '(?P<filter>[^']+)' (?:is known to be|may be) incompatible",
            strength="strong",
            example="usbipd: warning: USB filter 'UsbDk' is known to be incompatible with this software; 'bind --force' will be required."),
        Msg("usbipd_attaching", r"^usbipd: info: (?:Using WSL distribution|Detected networking mode|Using IP address|Using default WSL distribution)",
            strength="strong", benign=True,
            example="usbipd: info: Using WSL distribution 'Ubuntu' to attach; the device will be available in all WSL 2 distributions."),
        # (usb-passthrough s13) `usbipd attach --auto-attach` (4.x: "Starting endless attach loop", then the WSL-side helper's
        # "Attached" / "Detached" per event; 5.x prefixes "WSL "): "Detached" means the device left WSL (a reset, or the
        # board re-enumerating, e.g. into its bootloader under another VID:PID that was never bound: dorssel/usbipd-win#703)
        Msg(None, r"^usbipd: info: (?:Starting endless attach loop|Loading vhci_hcd module|Using client tools located at)", strength="strong",
            benign=True, example="usbipd: info: Starting endless attach loop; press Ctrl+C to quit."),
        Msg("usbipd_detached", r"^(?:WSL )?Detached$", strength="none", example="Detached"),
        Msg(None, r"^(?:WSL )?Attached$", strength="none", example="Attached"),
    ),
    group(
        # (usb-passthrough s13) `usbipd list` (3.x-5.x: BUSID VID:PID DEVICE STATE; Usbipd/Commands.cs) and `usbipd wsl list`
        # (2.x: BUSID DEVICE STATE): STATE is "Not shared", "Shared" / "Shared (forced)" (bound: `usbipd bind` done, still
        # Windows' device), "Attached" (2.x "Attached - <distribution>", "Not attached"). Only "Attached" puts the device on
        # the Linux side (dorssel/usbipd-win#195, #839: bind alone is not attach)
        "usbipd-win 2.x-5.x `usbipd list` / `usbipd wsl list` device rows",
        Msg("usbipd_device", r"^(?P<busid>\d{1,2}-\d{1,2})\s+(?:(?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4})\s+)?(?P<device>\S.*?)\s{2,}"
            r"(?P<state>Not shared|Shared(?: \(forced\))?|Attached(?: - \S+)?|Not attached)\s*$", strength="strong",
            example="7-2    239a:00b3  USB Serial Device (COM11), USB Mass Storage Device            Shared"),
        Msg(None, r"^BUSID\s+(?:VID:PID\s+)?DEVICE\s+STATE\s*$", strength="strong",
            example="BUSID  VID:PID    DEVICE                                                        STATE"),
    ),
)


@register
class UsbipdParser(TableParser):
    name = "usbipd"
    namespace = "flash"
    messages = MESSAGES
    hints = ("usbipd", "usbip", "shared", "attached", "busid")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: Any, lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "usbipd_device":
            ev["state"] = ev["state"].split(" - ")[0].split(" (")[0].lower()  # not shared, shared, attached, not attached
            for key in ("vid", "pid"):
                if ev.get(key):
                    ev[key] = ev[key].lower()

    def summary(self) -> dict[str, Any]:
        return {"success": False} if any(e.get("fail") for e in self.events) else {}
