"""Probes: they observe the host and return facts; they never print, judge or change anything.

A probe module in this package defines

    NAMESPACE = "usb"                 # the facts namespace it fills
    ACTIVE = False                    # True: talks to a board (skipped by --passive)
    TIMEOUT = 5.0                     # seconds it may take
    def collect(ctx: ProbeContext) -> dict: ...   # the namespace's facts (or a fragment of several)

and is listed in PASSIVE or ACTIVE below. `collect_all` runs them concurrently, each bounded in
time; a probe that raises or overruns becomes a fact ({"status": "error" | "timeout", "reason"}),
never a crash. Active probes run after the passive ones and see their facts (ctx.facts), so they
only talk to devices the passive scan found, and never to a port another process holds.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doctor import facts as factmod

PASSIVE = ["host", "usb", "serial", "kernel", "can", "klipper"]
ACTIVE: list[str] = ["stlink", "dfu", "identify", "can_query", "firmware"]  # each runs only when its device/file is present


@dataclass
class ProbeContext:
    home: Path = field(default_factory=Path.home)
    klipper_dir: Path | None = None  # default: home/klipper
    katapult_dir: Path | None = None  # default: home/katapult
    printer_cfg: Path | None = None  # default: found under home/printer_data/config or home
    klippy_log: Path | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # the passive facts, for active probes
    firmware_files: list[Path] = field(default_factory=list)  # firmware images the user named (checks/firmware.py)
    deadline: float = 0.0

    def path(self, name: str) -> Path:
        value = getattr(self, name, None)
        if value is not None:
            return Path(value)
        defaults = {
            "klipper_dir": self.home / "klipper",
            "katapult_dir": self.home / "katapult",
        }
        return defaults[name]


def _import(name: str) -> Any:
    """The probe module, or None with the reason recorded when it cannot be imported (a missing library)."""
    try:
        return importlib.import_module(f"doctor.checks.{name}")
    except ImportError as exc:
        return exc


def _run_probe(module: Any, ctx: ProbeContext) -> tuple[dict[str, Any], float]:
    start = time.monotonic()
    try:
        result = module.collect(ctx)
    except Exception as exc:  # noqa: BLE001 - a probe failure is a fact
        result = {module.NAMESPACE: factmod.unavailable(f"{type(exc).__name__}: {exc}", status="error")}
    else:
        if not isinstance(result, dict) or module.NAMESPACE not in result:
            result = {module.NAMESPACE: result}
    return result, time.monotonic() - start


def _run_group(names: list[str], ctx: ProbeContext, snapshot: dict[str, Any]) -> None:
    if not names:
        return
    timings = snapshot.setdefault("probes", {})
    modules = {}
    for name in names:
        module = _import(name)
        if isinstance(module, ImportError):
            timings[name] = {"status": "error", "seconds": 0.0}
            factmod.merge(snapshot, {name: factmod.unavailable(f"the {name} probe cannot run: {module}", status="error")})
        else:
            modules[name] = module
    if not modules:
        return
    limit = max(float(getattr(m, "TIMEOUT", 5.0)) for m in modules.values())
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=len(modules), thread_name_prefix="probe")
    try:
        futures = {pool.submit(_run_probe, m, ctx): n for n, m in modules.items()}
        done, not_done = concurrent.futures.wait(futures, timeout=limit)
        for fut in done:
            name = futures[fut]
            result, seconds = fut.result()
            timings[name] = {"status": "ok", "seconds": round(seconds, 3)}
            factmod.merge(snapshot, result)
        for fut in not_done:
            name = futures[fut]
            timings[name] = {"status": "timeout", "seconds": limit}
            factmod.merge(
                snapshot,
                {modules[name].NAMESPACE: factmod.unavailable(f"the {name} probe did not finish within {limit:g} s", status="timeout")},
            )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def collect_all(ctx: ProbeContext | None = None, *, active: bool = True, only: list[str] | None = None) -> dict[str, Any]:
    """Run the probes and return one snapshot (mode "scan")."""
    ctx = ctx or ProbeContext()
    snapshot = factmod.new("scan")
    passive = [n for n in PASSIVE if only is None or n in only]
    _run_group(passive, ctx, snapshot)
    if active and os.environ.get("DOCTOR_PASSIVE") != "1":
        ctx.facts = snapshot
        _run_group([n for n in ACTIVE if only is None or n in only], ctx, snapshot)
    return snapshot
