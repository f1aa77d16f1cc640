"""Active probe: ST-Link programmers and the target behind them (read-only: never writes, erases or resets flash).

Runs only when the passive USB scan found an ST-Link. Sequence, each step bounded:

1. `st-info --probe`: the programmer (firmware, serial) and the target's chip id and flash size.
2. When the target did not answer (no chip id, 0x0000, or an id that is not an STM32 DBGMCU id):
   `openocd -f interface/stlink.cfg -f target/<family>.cfg -c init -c exit`, for the target voltage
   and the IDCODE (the family from the Klipper config or a Klipper/Katapult USB product name;
   stm32f1x otherwise).
3. Then the same `st-info --probe --connect-under-reset`, which holds NRST while connecting.

Facts (namespace `stlink`, plus `openocd` for step 2): the parsed runs, each with these summary fields
added by this probe:
- `probe_step`: "plain" | "openocd-init" | "under-reset"
- `connect_under_reset`: true on the step-3 run
- `target_found`: the run read a plausible STM32 chip id (0x400-0x7ff, not the probe's own id)
- `only_under_reset` (on the step-3 run): true when it found the target and the plain run did not
"""

from __future__ import annotations

import re
import shutil
from typing import Any

from doctor.checks._live import observe

NAMESPACE = "stlink"
ACTIVE = True
TIMEOUT = 10.0

ST_INFO_TIMEOUT = 3.0
OPENOCD_TIMEOUT = 4.0

# Klipper/Katapult MCU names -> OpenOCD target configs (the families OpenOCD 0.12 ships).
_FAMILIES = (
    (r"^stm32f0", "stm32f0x"), (r"^stm32f1", "stm32f1x"), (r"^stm32f2", "stm32f2x"), (r"^stm32f3", "stm32f3x"),
    (r"^stm32f4", "stm32f4x"), (r"^stm32f7", "stm32f7x"), (r"^stm32g0", "stm32g0x"), (r"^stm32g4", "stm32g4x"),
    (r"^stm32h7", "stm32h7x"), (r"^stm32l0", "stm32l0"), (r"^stm32l1", "stm32l1"), (r"^stm32l4", "stm32l4x"),
)
GENERIC_TARGET = "stm32f1x"
_PROBE_IDS = {0x3744, 0x3748, 0x374A, 0x374B, 0x374D, 0x374E, 0x374F, 0x3752, 0x3753, 0x3754, 0x3755, 0x3757, 0x0748}


def plausible_chip_id(chipid: Any) -> bool:
    """An STM32 DBGMCU device id (12 bits, 0x4xx-0x7xx) and not the probe's own product id."""
    try:
        value = int(str(chipid), 16) if isinstance(chipid, str) else int(chipid)
    except (TypeError, ValueError):
        return False
    return 0x400 <= value <= 0x7FF and value not in _PROBE_IDS


def target_family(facts: dict[str, Any]) -> str:
    """The OpenOCD target config name for the board's MCU, from what the passive scan knows."""
    names: list[str] = []
    klipper = facts.get("klipper") or {}
    for key in ("config", "katapult_config"):
        mcu = (klipper.get(key) or {}).get("mcu")
        if isinstance(mcu, str):
            names.append(mcu)
    for dev in (facts.get("usb") or {}).get("devices") or []:
        if isinstance(dev.get("mcu"), str):
            names.append(dev["mcu"])
    for name in names:
        for pattern, target in _FAMILIES:
            if re.match(pattern, name.lower()):
                return target
    return GENERIC_TARGET


def _found(run: dict[str, Any]) -> bool:
    bad = {e.get("kind") for e in run.get("events") or []} & {"chip_id_unknown", "libusb_pipe"}
    return plausible_chip_id(run.get("chipid")) and not bad


def _programmers(run: dict[str, Any]) -> int | None:
    found = run.get("found")
    return found if isinstance(found, int) else None


def collect(ctx: Any) -> dict[str, Any]:
    facts = getattr(ctx, "facts", {}) or {}
    probes = [d for d in (facts.get("usb") or {}).get("devices") or [] if d.get("role") == "stlink"]
    if not probes:
        return {NAMESPACE: {"status": "skipped", "reason": "no ST-Link programmer on USB"}}
    if shutil.which("st-info") is None and shutil.which("openocd") is None:
        return {NAMESPACE: {"status": "unavailable", "reason": "neither st-info (stlink-tools) nor openocd is installed"}}
    out: dict[str, Any] = {NAMESPACE: {"status": "ok", "runs": []}, "tool_runs": []}

    def keep(fragment: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
        from doctor import facts as factmod

        factmod.merge(out, fragment)
        out["tool_runs"].append(record)
        runs = (fragment.get(NAMESPACE) or fragment.get("openocd") or {}).get("runs") or [{}]
        return runs[-1]

    plain = keep(*observe(["st-info", "--probe"], timeout=ST_INFO_TIMEOUT, namespace=NAMESPACE, probe_step="plain"))
    plain["target_found"] = _found(plain)
    if plain["target_found"] or plain.get("status") == "missing" or _programmers(plain) == 0:
        return out
    family = target_family(facts)
    if shutil.which("openocd") is not None:
        ocd = keep(
            *observe(
                ["openocd", "-f", "interface/stlink.cfg", "-f", f"target/{family}.cfg", "-c", "init", "-c", "exit"],
                timeout=OPENOCD_TIMEOUT,
                namespace="openocd",
                probe_step="openocd-init",
                target=family,
            )
        )
        ocd["target_found"] = bool(ocd.get("status") == "ok")
    if plain.get("status") != "missing":
        cur = keep(
            *observe(
                ["st-info", "--probe", "--connect-under-reset"],
                timeout=ST_INFO_TIMEOUT,
                namespace=NAMESPACE,
                probe_step="under-reset",
                connect_under_reset=True,
            )
        )
        cur["target_found"] = _found(cur)
        cur["only_under_reset"] = cur["target_found"] and not plain["target_found"]
    return out
