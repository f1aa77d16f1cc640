"""usbguard (USBGuard 0.7-1.1, `usbguard list-devices`, `usbguard generate-policy`, the daemon's audit log): the devices it
knows, each with the policy target it applied.

`list-devices` prints one device a line: "<n>: <target> id <vid>:<pid> serial "..." name "..." hash "..." parent-hash
"..." via-port "1-6" with-interface ... with-connect-type "hotplug"", target one of allow / block / reject; a
generated policy has the same rule without the number. Fedora, Qubes and hardened setups ship it; a keyboard's
bootloader (03eb:2ff4 ATm32U4DFU, 0483:df11 STM32 BOOTLOADER...) listed there is on the bus even when the flasher
says it found no bootloader. With target "block" the kernel keeps the device unauthorized: no program may use it
until it is allowed (`usbguard allow-device <n>`).

Facts: every device becomes a `usb.devices` entry (origin "pasted", the device table's role) with `usbguard` = its
target; a blocked one has `blocked` true (no program may use it while the policy blocks it).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._flashlog import classify_usb, id4
from doctor.parsers._messages import Msg, TableParser, group

MESSAGES = group(
    "usbguard 0.7-1.1 src/CLI/usbguard-list-devices.cpp, Rule::toString (list-devices, generate-policy)",
    Msg("usbguard_device", r"^(?:(?P<number>\d+): )?(?P<target>allow|block|reject) id (?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4})"
        r'(?: serial "(?P<serial>[^"]*)")?(?: name "(?P<name>[^"]*)")?', "strong",
        example='42: block id 03eb:2ff4 serial "1.0.0" name "ATm32U4DFU" hash "pRv+fV2QiheWoLTu53i8cbgowQBzc/ADFlkvxFk3AMI=" '
                'parent-hash "WLLK8WnDcOZsmC13ldzWRmahoyPD7Y+TLn1uJ4TB2GU=" via-port "1-6" with-interface 00:00:00 with-connect-type "hotplug"'),
)


@register
class UsbguardParser(TableParser):
    name = "usbguard"
    namespace = "usb"
    messages = MESSAGES
    hints = (" id ", "via-port", "with-interface", "usbguard")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.devices: list[dict[str, Any]] = []

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        vid, pid = id4(ev.get("vid")), id4(ev.get("pid"))
        dev: dict[str, Any] = {"vid": vid, "pid": pid, "origin": "pasted", "line": line.strip()[:300], "usbguard": ev.get("target")}
        if ev.get("name"):
            dev["product"] = ev["name"]
        if ev.get("serial"):
            dev["serial"] = ev["serial"]
        dev.update(classify_usb(vid, pid, product=ev.get("name")))
        if ev.get("target") in ("block", "reject"):
            dev["blocked"] = True
        self.devices.append(dev)

    def finish(self) -> dict[str, Any]:
        return {"usb": {"devices": self.devices}} if self.devices else {}
