"""Active probe: ask the free serial ports that belong to a board what answers (doctor.identify).

Ports asked: USB ports whose device is a Klipper or Katapult (by VID:PID / strings), and every port
printer.cfg names in an [mcu] section (UARTs, USB-serial adapters, the Linux MCU's pty). Other
USB-serial adapters are left alone (opening one may reset an Arduino-style board): `doctor identify
PORT` asks them on request. A port another process holds is never opened (outcome "held").

Facts: `identify.ports[]` (schema IDENTIFY_PORT), one per port asked, with `baud_source` saying where
the baud came from (printer.cfg, klipper .config, default). Ports are asked concurrently.
"""

from __future__ import annotations

import concurrent.futures
import os
from typing import Any

NAMESPACE = "identify"
ACTIVE = True
TIMEOUT = 3.0
BUDGET = 1.6  # per port in a scan (`doctor identify` alone allows 2.0 s)

BOARD_ROLES = ("klipper", "katapult")


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip().strip('"'))
    except (TypeError, ValueError):
        return None


def targets(facts: dict[str, Any]) -> list[tuple[str, int | None, str]]:
    """(port, baud or None, where the baud came from) for every port this probe should ask."""
    klipper = facts.get("klipper") or {}
    mcus = ((klipper.get("printer_cfg") or {}).get("mcus")) or []
    values = ((klipper.get("config") or {}).get("values")) or {}
    config_baud = _int(values.get("CONFIG_SERIAL_BAUD")) if isinstance(values, dict) else None
    chosen: dict[str, tuple[str, int | None, str]] = {}
    for mcu in mcus:
        serial = mcu.get("serial")
        if not isinstance(serial, str) or not serial.startswith("/"):
            continue
        baud = _int(mcu.get("baud"))
        source = "printer.cfg" if baud else ("klipper .config" if config_baud else "default")
        chosen[os.path.realpath(serial)] = (serial, baud or config_baud, source)
    for port in (facts.get("serial") or {}).get("ports") or []:
        device = port.get("device")
        # Klipper/Katapult USB ports, and ptys (a pty is on the port list only because printer.cfg names it)
        if not isinstance(device, str) or (port.get("role") not in BOARD_ROLES and port.get("kind") != "pty"):
            continue
        real = os.path.realpath(device)
        if real not in chosen:
            chosen[real] = (device, None, "default")
    return list(chosen.values())


def collect(ctx: Any) -> dict[str, Any]:
    from doctor.identify import identify_port

    facts = getattr(ctx, "facts", {}) or {}
    asked = targets(facts)
    if not asked:
        return {NAMESPACE: {"status": "skipped", "reason": "no Klipper or Katapult serial port, and none named in printer.cfg"}}
    results: list[dict[str, Any]] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(asked), thread_name_prefix="identify") as pool:
        futures = [pool.submit(identify_port, port, baud, budget=BUDGET) for port, baud, _ in asked]
        for (port, _baud, source), fut in zip(asked, futures):
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - one port's failure is a fact, not a lost scan
                result = {"port": port, "outcome": "error", "error": f"{type(exc).__name__}: {exc}"}
            result["baud_source"] = source
            results.append(result)
    return {NAMESPACE: {"status": "ok", "ports": results}}
