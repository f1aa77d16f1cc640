"""Derived facts: comparisons across namespaces that a JMESPath condition cannot express on its own
(a filter cannot look back at the root), computed purely from the snapshot.

Each deriver is a function facts -> value registered under a name; the engine exposes the results as
`derived.<name>` to the conditions. Add one with @deriver("name", fields=[...]) and declare the fields
its items carry, so the knowledge loader can validate the conditions that use them.
"""

from __future__ import annotations

import os
from typing import Any, Callable

from doctor import schema

Deriver = Callable[[dict[str, Any]], Any]
DERIVERS: dict[str, Deriver] = {}
schema.SCHEMA.setdefault("derived", {})


def deriver(name: str, fields: tuple[str, ...] = ()) -> Callable[[Deriver], Deriver]:
    def register(fn: Deriver) -> Deriver:
        DERIVERS[name] = fn
        item = {f: "any" for f in fields}
        schema.SCHEMA["derived"][name] = [item] if item else "any"
        return fn

    return register


def derive(facts: dict[str, Any]) -> dict[str, Any]:
    """Every derived fact; a deriver that fails on odd input yields nothing rather than stopping the diagnosis."""
    out: dict[str, Any] = {}
    for name, fn in DERIVERS.items():
        try:
            out[name] = fn(facts)
        except (KeyError, TypeError, ValueError, AttributeError):
            out[name] = None
    return out


def _ns(facts: dict[str, Any], name: str) -> dict[str, Any]:
    value = facts.get(name)
    return value if isinstance(value, dict) else {}


def _user(facts: dict[str, Any]) -> dict[str, Any]:
    user = _ns(facts, "host").get("user")
    return user if isinstance(user, dict) else {}


@deriver("tty_denied", fields=("device", "group", "user", "mode", "owner", "line", "source"))
def tty_denied(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Serial devices the user cannot open because the owning group is not one of theirs (SER004)."""
    user = _user(facts)
    groups = set(user.get("groups") or [])
    if _ns(facts, "host").get("is_root"):
        return []
    out = []
    nodes = list(_ns(facts, "serial").get("ports") or []) + list(_ns(facts, "serial").get("nodes") or [])
    for port in nodes:
        group = port.get("group")
        if not group or port.get("can_open") is True:
            continue
        if port.get("can_open") is None and not groups:
            continue  # pasted `ls -l` without `id`: nothing to compare with
        if group in groups:
            continue
        mode = port.get("mode") or ""
        if mode and len(mode) >= 10 and mode[7:9] == "rw":
            continue  # world read/write: the group does not matter
        out.append(
            {
                "device": port.get("device"),
                "group": group,
                "user": user.get("name"),
                "mode": mode,
                "owner": port.get("owner"),
                "line": port.get("line"),
                "source": port.get("source"),
            }
        )
    return out


def _norm(path: str) -> str:
    return os.path.basename(path.rstrip("/")).lower()


@deriver("serial_path_mismatch", fields=("configured", "mcu", "near", "reason", "line", "source"))
def serial_path_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """printer.cfg serial paths that do not exist, with the near matches that do (SER005)."""
    cfg = _ns(facts, "klipper").get("printer_cfg") or {}
    mcus = cfg.get("mcus") or []
    serial = _ns(facts, "serial")
    existing = {e.get("name", "") for e in serial.get("by_id") or []}
    existing |= {e.get("name", "") for e in serial.get("by_path") or []}
    devices = set()
    for port in serial.get("ports") or []:
        if port.get("exists", True):
            devices.add(port.get("device", ""))
            existing |= {os.path.basename(p) for p in port.get("by_id") or []}
    for node in serial.get("nodes") or []:
        devices.add(node.get("device", ""))
    if not existing and not devices:
        return []
    out = []
    for mcu in mcus:
        path = mcu.get("serial")
        if not path:
            continue
        base = os.path.basename(path)
        if base in existing or path in devices:
            continue
        near = []
        reason = "missing"
        if "//" in path.replace("://", "") or path.count("/dev/") > 1:
            reason = "malformed"
        for name in sorted(existing):
            if name.lower() == base.lower():
                near.append(name)
                reason = "case"
            elif _swap_prefix(name) == _swap_prefix(base):
                near.append(name)
                reason = "katapult-prefix"
        if reason == "missing" and base.startswith("tty"):
            stem = base.rstrip("0123456789")
            near = sorted(d for d in devices if os.path.basename(d).startswith(stem))
            if near:
                reason = "renumbered"
        out.append({"configured": path, "mcu": mcu.get("name"), "near": near, "reason": reason, "line": mcu.get("line"), "source": cfg.get("path")})
    return out


def _swap_prefix(name: str) -> str:
    low = name.lower()
    for prefix in ("usb-katapult_", "usb-klipper_", "usb-canboot_"):
        if low.startswith(prefix):
            return "usb-X_" + low[len(prefix):]
    return low
