"""SWD through OpenOCD: program and verify (connect under reset, clone IDCODEs), and read-out protection removal.

`openocd.flash`:
  openocd -f interface/stlink.cfg [-c "set CPUTAPID 0x2ba01477"] -f target/stm32f1x.cfg
          [-c "reset_config srst_only srst_nogate connect_assert_srst"] -c "program FILE 0x08000000 verify reset exit"
  CPUTAPID before the target file accepts a clone's IDCODE (SWD007: the one OpenOCD reported, or 0 = any);
  reset_config after it attaches under reset (SWD004).
`openocd.unlock` (SWD006, risk "erases"): `init; reset halt; <driver> unlock 0; reset halt; exit`, which
  clears read-out protection by erasing the whole flash; the board then needs a power cycle (a guided
  step), and the image is written when one is given.
Outputs are read by doctor.parsers.openocd: "** Verified OK **" and "stm32x unlocked." are the proofs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from doctor import firmware
from doctor.drivers._output import tool_check
from doctor.drivers.base import ActionRequest, Plan, Step, StepContext, StepFailed
from doctor.drivers.registry import Action, Backend, Driver
from doctor.errors import UsageError

DEFAULT_INTERFACE = "interface/stlink.cfg"
DEFAULT_ADDRESS = 0x08000000
CONNECT_UNDER_RESET = "reset_config srst_only srst_nogate connect_assert_srst"

# STM32 family -> (OpenOCD target file, flash driver command group that has `unlock`)
FAMILIES: dict[str, tuple[str, str]] = {
    "f0": ("target/stm32f0x.cfg", "stm32f1x"),
    "f1": ("target/stm32f1x.cfg", "stm32f1x"),
    "f2": ("target/stm32f2x.cfg", "stm32f2x"),
    "f3": ("target/stm32f3x.cfg", "stm32f1x"),
    "f4": ("target/stm32f4x.cfg", "stm32f2x"),
    "f7": ("target/stm32f7x.cfg", "stm32f2x"),
    "g0": ("target/stm32g0x.cfg", "stm32l4x"),
    "g4": ("target/stm32g4x.cfg", "stm32l4x"),
    "h7": ("target/stm32h7x.cfg", "stm32h7x"),
    "l4": ("target/stm32l4x.cfg", "stm32l4x"),
}
# DBGMCU_IDCODE device ids (what st-info prints as chipid) -> family (RM0008, RM0090, RM0360, RM0444, RM0433...)
CHIP_IDS: dict[int, str] = {
    0x410: "f1", 0x412: "f1", 0x414: "f1", 0x418: "f1", 0x420: "f1", 0x428: "f1", 0x430: "f1",
    0x411: "f2",
    0x413: "f4", 0x419: "f4", 0x421: "f4", 0x423: "f4", 0x431: "f4", 0x433: "f4", 0x434: "f4", 0x441: "f4",
    0x458: "f4", 0x463: "f4",
    0x422: "f3", 0x432: "f3", 0x438: "f3", 0x439: "f3", 0x446: "f3",
    0x440: "f0", 0x442: "f0", 0x444: "f0", 0x445: "f0", 0x448: "f0",
    0x449: "f7", 0x451: "f7", 0x452: "f7",
    0x456: "g0", 0x460: "g0", 0x466: "g0", 0x467: "g0",
    0x468: "g4", 0x469: "g4", 0x479: "g4",
    0x450: "h7", 0x480: "h7", 0x483: "h7",
    0x415: "l4", 0x435: "l4", 0x461: "l4", 0x462: "l4", 0x464: "l4", 0x470: "l4", 0x471: "l4",
}
_MCU_FAMILY = re.compile(r"^(?:stm32|gd32|apm32|cks32|at32)([fghl]\d)", re.I)


def family(req: ActionRequest, image: firmware.Image | None = None) -> str:
    """The STM32 family: --target (stm32f4x / f4), else the MCU name, else the chip id the probes read."""
    target = req.get("target")
    if target:
        m = re.search(r"stm32([fghl]\d)x", str(target)) or re.fullmatch(r"([fghl]\d)", str(target))
        if m and m.group(1) in FAMILIES:
            return m.group(1)
        raise UsageError(f"unknown OpenOCD target {target!r}", f"use one of {', '.join(sorted(FAMILIES))} (e.g. --target stm32f4x)")
    mcu = req.get("mcu")
    if not mcu and image is not None:
        mcu = (image.klipper or {}).get("mcu")
    for name in (mcu, ((req.facts.get("klipper") or {}).get("config") or {}).get("mcu")):
        m = _MCU_FAMILY.match(str(name or ""))
        if m and m.group(1).lower() in FAMILIES:
            return m.group(1).lower()
    for ns in ("stlink", "openocd"):
        for run in (req.facts.get(ns) or {}).get("runs", []) or []:
            chip = run.get("chipid")
            try:
                value = int(str(chip), 16) & 0xFFF if chip else 0
            except ValueError:
                continue
            if value in CHIP_IDS:
                return CHIP_IDS[value]
    raise UsageError("which STM32 family is the target?", "add --mcu stm32f103xe or --target stm32f1x (st-info --probe shows the chip id)")


def _observed_idcode(req: ActionRequest) -> str | None:
    for run in (req.facts.get("openocd") or {}).get("runs", []) or []:
        for ev in run.get("events", []):
            if ev.get("kind") == "unexpected_idcode" and ev.get("idcode"):
                return str(ev["idcode"])
    return None


_TCL_SAFE_PATH = re.compile(r"[\w./+,:=@%~-]+(?: [\w./+,:=@%~-]+)*")
_IDCODE = re.compile(r"0x[0-9a-fA-F]{1,8}|0")


def _tcl_word(path: str) -> str:
    """A file name as one word of OpenOCD's Tcl. Only names that cannot be read as Tcl pass (letters, digits,
    `._/+,:=@%~-` and single spaces, braced): anything else ({}, [], $, ;, quotes, backslashes, newlines)
    is refused rather than quoted, so no name can run a command."""
    if not _TCL_SAFE_PATH.fullmatch(path):
        raise UsageError(
            f"the image's path has characters OpenOCD's Tcl would interpret: {path!r}",
            "copy the image to a plain name first (e.g. cp -- \"$IMAGE\" /tmp/firmware.bin) and flash that",
        )
    return "{" + path + "}" if " " in path else path


def _idcode(value: Any) -> str:
    """An IDCODE for `set CPUTAPID`: hex (0x + up to 8 digits) or 0; anything else is refused."""
    text = str(value).strip()
    if not _IDCODE.fullmatch(text):
        raise UsageError(f"{text!r} is not an IDCODE", "an IDCODE is 0x followed by up to 8 hex digits (as OpenOCD prints it), or 0 for any")
    return text


def openocd_argv(fam: str, commands: str, *, interface: str = DEFAULT_INTERFACE, cputapid: str | None = None, connect_under_reset: bool = False) -> list[str]:
    if not _TCL_SAFE_PATH.fullmatch(interface):  # OpenOCD reads `-f NAME` as the Tcl `script {NAME}`
        raise UsageError(f"the interface file name has characters OpenOCD's Tcl would interpret: {interface!r}", "name the file plainly (e.g. interface/stlink.cfg)")
    argv = ["openocd", "-f", interface]
    if cputapid is not None:
        argv += ["-c", f"set CPUTAPID {_idcode(cputapid)}"]
    argv += ["-f", FAMILIES[fam][0]]
    if connect_under_reset:
        argv += ["-c", CONNECT_UNDER_RESET]
    argv += ["-c", commands]
    return argv


def program_command(image: firmware.Image, address: int) -> str:
    where = "" if image.format in ("hex", "elf") else f" 0x{address:08x}"
    return f"program {_tcl_word(str(image.path))}{where} verify reset exit"


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _image_and_address(req: ActionRequest) -> tuple[firmware.Image, int]:
    path = req.get("firmware")
    if not path:
        raise UsageError("which image should OpenOCD write?", "add --firmware out/klipper.bin")
    image = firmware.load(str(path))
    return image, firmware.write_address(image, req.get("address"), "OpenOCD")


def program_step(req: ActionRequest, image: firmware.Image, address: int, fam: str, *, cputapid: str | None, cur: bool) -> Step:
    return Step(
        f"program and verify {Path(image.path).name} with OpenOCD",
        risk="writes-flash",
        argv=openocd_argv(fam, program_command(image, address), interface=str(req.get("interface") or DEFAULT_INTERFACE), cputapid=cputapid, connect_under_reset=cur),
        check=tool_check("openocd", source="openocd"),
        timeout=180.0,
        long=True,
        verify=True,
        hint="read OpenOCD's first Error line above; `doctor analyze` on its output names the cause",
    )


def plan_flash(req: ActionRequest) -> Plan:
    image, address = _image_and_address(req)
    fam = family(req, image)
    cur = _bool(req.get("connect_under_reset", False))
    cputapid = req.get("cputapid")
    resolves: list[str] = []
    if cputapid is None and _bool(req.get("accept_any_idcode", False)):
        cputapid = _observed_idcode(req) or "0"
    if cputapid is not None:
        cputapid = _idcode(cputapid)
        resolves.append("SWD007")
    if cur:
        resolves.append("SWD004")
    mcu = req.get("mcu") or (image.klipper or {}).get("mcu")
    target = firmware.Target.for_mcu(mcu, app_start=address) if mcu else firmware.Target(app_start=address)
    target.arm = True  # this writer only serves ARM Cortex-M parts
    notes = []
    if req.get("address") is None and address != DEFAULT_ADDRESS:
        notes.append(f"{Path(image.path).name} is linked at {firmware.offset_name(address)}: it is written there, above the bootloader.")
    if cputapid == "0":
        notes.append("CPUTAPID 0 makes OpenOCD accept any IDCODE: use it only for the chip you expect (a clone).")
    return Plan(
        title=f"program {Path(image.path).name} over SWD with OpenOCD ({FAMILIES[fam][0]})",
        driver="openocd",
        steps=[program_step(req, image, address, fam, cputapid=None if cputapid is None else str(cputapid), cur=cur)],
        preconditions=["a probe wired to SWDIO, SWCLK, GND and the 3.3 V reference" + (" and NRST" if cur else "")],
        blockers=firmware.check(image, target),
        notes=notes,
        resolves=resolves,
        params={"family": fam, "address": address, "cputapid": cputapid, "connect_under_reset": cur},
    )


def plan_unlock(req: ActionRequest) -> Plan:
    """SWD006: remove read-out protection (mass erase), power-cycle, then write the image if one is given."""
    image = None
    address = DEFAULT_ADDRESS
    if req.get("firmware"):
        image, address = _image_and_address(req)
    fam = family(req, image)
    driver = FAMILIES[fam][1]
    interface = str(req.get("interface") or DEFAULT_INTERFACE)
    cur = _bool(req.get("connect_under_reset", False))
    steps = [
        Step(
            "remove read-out protection (this erases the whole flash)",
            risk="erases",
            argv=openocd_argv(fam, f"init; reset halt; {driver} unlock 0; reset halt; exit", interface=interface, connect_under_reset=cur),
            check=tool_check("openocd", source="openocd"),
            timeout=120.0,
            hint="if OpenOCD cannot connect, try again with connect under reset (NRST wired), or hold RESET while it starts",
        ),
        Step(
            "power-cycle the board",
            operation="ask: unplug the board's power (and the probe's 3.3 V) for a few seconds, then plug it back in",
            execute=_power_cycle,
        ),
    ]
    if image is not None:
        steps.append(program_step(req, image, address, fam, cputapid=None, cur=cur))
    return Plan(
        title=f"remove read-out protection of the {fam.upper()} target with OpenOCD",
        driver="openocd",
        steps=steps,
        preconditions=["the board's own firmware will be lost: the unlock erases the whole flash"],
        blockers=firmware.check(image, firmware.Target(app_start=address, arm=True)) if image is not None else [],
        notes=["The protection level only drops after a power cycle; until then the flash still reads as protected."],
        resolves=["SWD006"],
        params={"family": fam, "driver": driver},
    )


def _power_cycle(sctx: StepContext) -> dict[str, Any]:
    sctx.say("Unplug the board's power (USB and any supply) for a few seconds, then plug it back in.")
    if not sctx.confirm("Has the board been power-cycled?"):
        raise StepFailed("the board was not power-cycled: the new protection level is not active yet", "power-cycle it, then write the image")
    return {"power_cycled": True}


DRIVER = Driver(
    "openocd",
    actions={
        "openocd.flash": Action(plan_flash, "program and verify with openocd (connect under reset when NRST is wired)"),
        "openocd.unlock": Action(plan_unlock, "remove read-out protection with openocd (mass erase)"),
    },
    backend=Backend(
        "openocd",
        flash="openocd.flash",
        summary="SWD with OpenOCD through an ST-Link, CMSIS-DAP, J-Link or other probe (--device VID:PID)",
        tools={"openocd": "openocd"},
        opens_usb=True,
    ),
)
ACTIONS = DRIVER.plans()
