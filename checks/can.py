"""CAN interfaces of this host: `ip -details -statistics -json link` and the CAN kernel modules.

Facts (namespace "can"): `interfaces` (CAN links only, as the ip-link analyze parser reads them:
up, txqueuelen, bitrate, can_state, error counters, driver), `links` (every link, so a missing can0 is a
fact), `modules` (can, can_raw, gs_usb, mcp251x... from /proc/modules, else /sys/module), and
`tool_runs` with the ip run. No `ip` binary, or an ip that cannot print JSON: `status` unavailable with
the reason. A host without any CAN interface is not an error: the namespace is ok with no interfaces.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doctor import runner
from doctor.parsers.ip_link import parse_json

NAMESPACE = "can"
ACTIVE = False
TIMEOUT = 4.0

CAN_MODULES = ("can", "can_raw", "can_dev", "can_bcm", "gs_usb", "mcp251x", "mcp251xfd", "slcan", "vcan", "peak_usb", "candlelight")
PROC_MODULES = Path("/proc/modules")
SYS_MODULE = Path("/sys/module")


def modules(proc_modules: Path = PROC_MODULES, sys_module: Path = SYS_MODULE) -> list[str]:
    """The CAN-related kernel modules loaded (or built in, as far as /sys/module shows them)."""
    found: set[str] = set()
    try:
        from doctor.snapshot_check import read_head

        for line in read_head(proc_modules, 4 * 1024 * 1024).decode("utf-8", errors="replace").splitlines():
            name = line.split(" ", 1)[0]
            if name in CAN_MODULES:
                found.add(name)
    except OSError:
        pass
    try:
        for name in CAN_MODULES:
            if (sys_module / name).exists():
                found.add(name)
    except OSError:
        pass
    return sorted(found)


def from_ip_json(text: str, source: str = "ip -details -statistics -json link") -> dict[str, Any]:
    """The can namespace's facts from `ip -details -statistics -json link` output (live or recorded)."""
    links = parse_json(text, source)
    interfaces = []
    for link in links:
        if link.get("link_type") in ("can", "vcan", "vxcan") or str(link.get("name", "")).startswith(("can", "vcan")):
            item = {k: v for k, v in link.items() if v is not None}
            item["origin"] = "live"
            interfaces.append(item)
    out: dict[str, Any] = {
        "links": [{"name": l["name"], "link_type": l.get("link_type") or "other", "source": source, "line": l.get("line"), "origin": "live"} for l in links],
    }
    if interfaces:
        out["interfaces"] = interfaces
    return out


def collect(ctx: Any = None) -> dict[str, Any]:
    run = runner.run(["ip", "-details", "-statistics", "-json", "link", "show"], timeout=3.0)
    facts: dict[str, Any] = {"modules": modules()}
    if run.status == "missing":
        facts.update(status="unavailable", reason="the ip command (iproute2) is not installed: sudo apt install iproute2")
    elif run.status != "ok" or not run.stdout.lstrip().startswith("["):
        detail = (run.stderr or run.error or "").strip().splitlines()
        facts.update(status="error", reason=f"ip -json link failed: {detail[-1] if detail else run.status}")
    else:
        facts.update(from_ip_json(run.stdout))
        facts["status"] = "ok"
    rec = run.to_fact()
    rec["stdout"] = rec.get("stdout", "")[:20000]
    return {NAMESPACE: facts, "tool_runs": [rec]}
