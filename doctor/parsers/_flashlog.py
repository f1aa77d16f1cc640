"""Line forms shared by the programmer and bootloader tools' parsers (st-link, openocd, dfu-util, avrdude, ...).

Private to doctor.parsers (not a parser itself): how a truncated message is still recognised, how hex
numbers and VID:PID pairs are read, and how a device named in a tool's output is classified with the
device table (doctor.devices) so every tool's facts carry the same `role`.
"""

from __future__ import annotations

import re
from typing import Any

_HEX = re.compile(r"^(?:0x)?([0-9a-fA-F]+)$")


def hexint(text: str | None) -> int | None:
    """An integer written as hex (with or without 0x); None when it is not one."""
    if not text:
        return None
    m = _HEX.match(text.strip())
    if not m:
        return None
    try:
        return int(m.group(1), 16)
    except ValueError:
        return None


def number(text: str | None) -> int | None:
    """A decimal or 0x-hex integer; None when it is not one."""
    if not text:
        return None
    try:
        return int(text.strip(), 0)
    except ValueError:
        return None


def id4(value: int | str | None) -> str | None:
    """A VID or PID as the schema writes it: lower-case 4-digit hex."""
    if value is None:
        return None
    if isinstance(value, str):
        n = hexint(value)
        if n is None:
            return None
        value = n
    if not 0 <= value <= 0xFFFF:
        return None
    return f"{value:04x}"


def truncated(text: str, message: str, minimum: int = 8) -> bool:
    """True when `text` is `message` or a start of it cut off after at least `minimum` characters.

    Pasted outputs are often cut mid-line (screenshots retyped, forum previews, `...` edits); a cut
    message still names what the tool said.
    """
    text = text.rstrip()
    if len(text) < minimum:
        return False
    if len(text) >= len(message):
        return text.startswith(message)
    return message.startswith(text)


def classify_usb(vid: str | None, pid: str | None, **strings: Any) -> dict[str, Any]:
    """Role facts of a VID:PID from the device table (doctor.devices.classify); {} when unknown.

    Returns a subset of {role, role_name, kind, raw_access, mcu}. The table is another module's; this
    adapter keeps every parser independent of its exact return type.
    """
    if not vid or not pid:
        return {}
    try:
        from doctor import devices
    except ImportError:
        return {}
    classify = getattr(devices, "classify", None)
    if classify is None:
        return {}
    kwargs = {k: v for k, v in strings.items() if v}
    try:
        try:
            result = classify(vid, pid, **kwargs)
        except TypeError:
            result = classify(vid, pid)
    except Exception:  # noqa: BLE001 - a table bug must not stop a parser
        return {}
    if result is None:
        return {}
    if hasattr(result, "to_fact"):
        result = result.to_fact()
    elif not isinstance(result, dict):
        result = {k: getattr(result, k, None) for k in ("role", "role_name", "kind", "raw_access", "mcu", "name")}
    if result.get("role") == "unknown":
        return {}
    out: dict[str, Any] = {}
    for key in ("role", "role_name", "kind", "raw_access", "mcu"):
        if result.get(key) is not None:
            out[key] = result[key]
    if "role_name" not in out and result.get("name"):
        out["role_name"] = result["name"]
    return out


def sudo_contrast(parser: Any, ev: dict[str, Any], lineno: int, line: str, *, denied: bool, worked: bool) -> None:
    """The same paste shows the probe refused (or not found) to a command run as the user, then found or used by one
    run under sudo: the user may not open its USB device (udev rules), recorded as `works_only_with_sudo` quoting the
    refusal. `parser.sudo` (the last command line ran under sudo) and `parser.denied_as_user` are the parser's state;
    `denied`/`worked` say what this event is (openocd, pyocd, stlink, probe_rs)."""
    if denied and not parser.sudo:
        parser.denied_as_user = ev
    elif worked and parser.sudo and parser.denied_as_user is not None:
        parser.event("works_only_with_sudo", lineno, line, fail=True, before=parser.denied_as_user.get("line"))
        parser.denied_as_user = None
