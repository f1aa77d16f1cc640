"""Active probe: `dfu-util -l` when a DFU device is on the bus (lists only: never downloads, uploads or detaches).

Facts (namespace `dfu`): the parsed run (`probe_step` "list"; its events include the access errors
that mean USB004), and `dfu.devices`: the DFU interfaces dfu-util reported, with their alt names and
the DfuSe memory map the parser reads from names such as `@Internal Flash /0x08000000/04*016Kg,...`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.checks._live import observe

NAMESPACE = "dfu"
ACTIVE = True
TIMEOUT = 4.0
LIST_TIMEOUT = 3.0


def is_dfu(dev: dict[str, Any]) -> bool:
    """A device that is in DFU mode: a DFU role, DFU functional descriptor, or a DFU-mode interface (fe/01/02)."""
    if dev.get("dfu") or (dev.get("role") or "").endswith("dfu") or dev.get("role") in ("dfu", "stm32duino"):
        return True
    return any((i.get("class"), i.get("subclass"), i.get("protocol")) == ("fe", "01", "02") for i in dev.get("interfaces") or [])


def dfuse_memory(dev: dict[str, Any], runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The DfuSe memory map of a listed device, from the alt names its `Found DFU:` lines carried."""
    from doctor.checks.usb import parse_dfuse_name

    regions: list[dict[str, Any]] = []
    for run in runs:
        for ev in run.get("events") or []:
            if ev.get("kind") != "dfu_found" or (ev.get("vid"), ev.get("pid")) != (dev.get("vid"), dev.get("pid")):
                continue
            if dev.get("port_path") and ev.get("path") and ev["path"] != dev["port_path"]:
                continue
            alt = re.search(r"\balt=(\d+)", ev.get("line") or "")
            regions.extend(parse_dfuse_name(int(alt.group(1)) if alt else 0, str(ev.get("name") or "")))
    return sorted(regions, key=lambda r: (r["alt"], r["start"]))


def collect(ctx: Any) -> dict[str, Any]:
    facts = getattr(ctx, "facts", {}) or {}
    present = [d for d in (facts.get("usb") or {}).get("devices") or [] if is_dfu(d)]
    if not present:
        return {NAMESPACE: {"status": "skipped", "reason": "no DFU device on USB"}}
    fragment, record = observe(["dfu-util", "-l"], timeout=LIST_TIMEOUT, namespace=NAMESPACE, probe_step="list")
    listed = (fragment.pop("usb", None) or {}).get("devices") or []
    runs = fragment.get(NAMESPACE, {}).get("runs", [])
    for dev in listed:
        dev["origin"] = "live"
        memory = dfuse_memory(dev, runs)
        if memory:
            dev.setdefault("dfu", {})["memory"] = memory
    out: dict[str, Any] = {NAMESPACE: {"status": "ok", "runs": fragment.get(NAMESPACE, {}).get("runs", []), "devices": listed}}
    for key, value in fragment.items():
        if key != NAMESPACE:
            out[key] = value
    out["tool_runs"] = [record]
    return out
