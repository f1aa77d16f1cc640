"""The Linux usbtmc character device (/dev/usbtmc0...) refused to a user, as a message table (usb-instruments s15): USB test
and measurement instruments (Rigol, Siglent, Keysight, Tektronix scopes, meters and supplies) that the kernel's usbtmc
driver (drivers/usb/class/usbtmc.c) exposes as /dev/usbtmcN, created root-owned (0600, or 0660 root:root) unless a udev
rule (SUBSYSTEM=="usbmisc", KERNEL=="usbtmc*" with GROUP/MODE or TAG+="uaccess") grants it; python-usbtmc's README, pyvisa-py
and the instrument vendors give that rule. A program opening it as a normal user gets EACCES: Python's `PermissionError:
[Errno 13] Permission denied: '/dev/usbtmc0'`, coreutils' `cat: /dev/usbtmc0: Permission denied`, a shell redirect's
`bash: /dev/usbtmc0: Permission denied`. Facts: one run per block under `flash.runs` (tool "usbtmc"), `usb_access_denied`.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Linux drivers/usb/class/usbtmc.c /dev/usbtmcN opened without permission: Python io (PermissionError, Errno 13), "
        "coreutils/bash (`<path>: Permission denied`)",
        Msg("usb_access_denied", r"\[Errno 13\] Permission denied: '(?P<port>/dev/usbtmc\d+)'", "strong", fail=True,
            attrs={"via": "usbtmc"}, example="PermissionError: [Errno 13] Permission denied: '/dev/usbtmc0'"),
        Msg("usb_access_denied", r"(?:^|\s|:)(?P<port>/dev/usbtmc\d+): Permission denied\s*$", "strong", fail=True,
            attrs={"via": "usbtmc"}, example="cat: /dev/usbtmc0: Permission denied"),
    ),
)


@register
class UsbtmcParser(TableParser):
    name = "usbtmc"
    namespace = "flash"
    messages = MESSAGES
    hints = ("/dev/usbtmc",)
