"""SWD writes with stlink-tools' st-flash: --reset, --connect-under-reset, --flash=SIZE for clones.

`stlink.flash` parameters (from the knowledge entry, or the command line):
  firmware            the image (.bin needs an address; .hex carries its own: --format ihex)
  address             where a .bin goes: --address, else the image's own load address or the Klipper build beside it
                      (firmware.write_address); a raw .bin with none of these is refused, never written at 0x08000000
  connect_under_reset SWD004: attach while NRST is held, for firmware that sleeps or remaps SWD pins
  nrst                "wired" | "ask" (SWD005: a guided check that RST is wired to NRST first) | "no"
  flash_size          force the flash size of a chip whose id st-flash knows but whose size register reads 0 or too
                      little (a clone F103). It cannot help an unknown chip id: st-flash 1.6 exits in stlink_open_usb
                      after "unknown chip id", 1.7 and 1.8 stop with "Failed to connect to target" before applying it
  serial              which ST-Link, when several are plugged in
st-flash verifies what it wrote itself ("Flash written and verified! jolly good!"); the step requires that
line (parsed by doctor.parsers.stlink), so a write without it is a failure.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from doctor import firmware
from doctor.drivers._output import tool_check
from doctor.drivers.base import ActionRequest, Plan, Step, StepContext, StepFailed
from doctor.drivers.registry import Action, Backend, Driver, Target
from doctor.errors import UsageError
from doctor.runner import ToolRun

DEFAULT_ADDRESS = 0x08000000
_SIZE = re.compile(r"^(\d+)\s*([kKmM]?)(?:i?[bB])?$|^(0x[0-9a-fA-F]+)$")


def flash_size_arg(value: Any) -> str:
    """st-flash's --flash= value: "64k", "0x10000" or a byte count, checked; returned as given ("64k")."""
    text = str(value).strip()
    if not _SIZE.match(text):
        raise UsageError(f"{text!r} is not a flash size", "use e.g. 64k, 128k, 1M or 0x10000")
    return text.lower() if text[-1:].lower() in ("k", "m") else text


def flash_size_bytes(value: str) -> int:
    m = _SIZE.match(value)
    if m is None:
        raise UsageError(f"{value!r} is not a flash size")
    if m.group(3):
        return int(m.group(3), 16)
    return int(m.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[m.group(2).lower()]


def _require_verified(run_record: dict[str, Any], run: ToolRun, sctx: StepContext) -> str | None:
    kinds = {e.get("kind") for e in run_record.get("events", [])}
    if "write_verified" in kinds and run.status == "ok":
        return "ok"
    if run_record.get("success") and "write_verified" not in kinds:
        return "st-flash finished without 'Flash written and verified': the write is not confirmed"
    return None


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def write_argv(
    path: str,
    fmt: str,
    address: int | None,
    *,
    connect_under_reset: bool = False,
    flash_size: str | None = None,
    serial: str | None = None,
    reset: bool = True,
) -> list[str]:
    """`st-flash [--reset] [--connect-under-reset] [--serial S] [--format ihex] [--flash=SIZE] write FILE [ADDR]`."""
    argv = ["st-flash"]
    if reset:
        argv.append("--reset")
    if connect_under_reset:
        argv.append("--connect-under-reset")
    if serial:
        argv += ["--serial", serial]
    if fmt == "hex":
        argv += ["--format", "ihex"]
    if flash_size:
        argv.append(f"--flash={flash_size}")
    argv += ["write", path]
    if fmt != "hex":
        if address is None:
            raise UsageError(f"where should st-flash write {Path(path).name}?", "a .bin needs the address its build starts at (--address)")
        argv.append(f"0x{address:08x}")
    return argv


def plan_flash(req: ActionRequest) -> Plan:
    path = req.get("firmware")
    if not path:
        raise UsageError("which image should st-flash write?", "add --firmware out/klipper.bin")
    image = firmware.load(str(path))
    if image.format not in ("bin", "hex"):
        raise UsageError(f"st-flash writes .bin and .hex files, not {image.format}", "use out/klipper.bin (or convert with arm-none-eabi-objcopy -O binary)")
    address_opt = req.get("address")
    linked = firmware.linked_at(image)
    address = firmware.write_address(image, address_opt, "st-flash")
    cur = _bool(req.get("connect_under_reset", False))
    nrst = str(req.get("nrst") or ("ask" if cur else "wired"))
    size = req.get("flash_size")
    size_arg = flash_size_arg(size) if size else None
    unknown = _unknown_chip_id(req)
    if size_arg and unknown:
        raise UsageError(
            f"--flash={size_arg} cannot help: st-flash does not know this chip's id ({unknown}) and stops before it applies the size",
            "use a newer stlink-tools, add a chip file for this id to /usr/share/stlink/chips (1.8), or flash with OpenOCD",
        )
    mcu = req.get("mcu") or (image.klipper or {}).get("mcu")
    target = firmware.Target.for_mcu(mcu, app_start=address, flash_size=flash_size_bytes(size_arg) if size_arg else None) if mcu else firmware.Target(app_start=address)
    target.arm = True  # this writer only serves ARM Cortex-M parts
    steps: list[Step] = []
    preconditions = ["an ST-Link wired to the board's SWDIO, SWCLK and GND (and 3.3 V reference)"]
    resolves: list[str] = []
    notes: list[str] = []
    if cur:
        resolves.append("SWD004")
        preconditions.append("the ST-Link's RST pin wired to the board's NRST (connect under reset drives it)")
        if nrst == "no":
            raise UsageError(
                "connect under reset needs the probe's RST pin wired to the board's NRST",
                "wire RST to NRST (often on the SWD header or the RESET button), or hold RESET, start st-flash, and release RESET right after",
            )
        if nrst == "ask":
            steps.append(Step("confirm that RST is wired to NRST", operation="ask: is the ST-Link's RST pin wired to the board's NRST?", execute=_ask_nrst))
            resolves.append("SWD005")
    if address_opt is None and linked is not None and linked != DEFAULT_ADDRESS:
        notes.append(f"{Path(image.path).name} is linked at {firmware.offset_name(linked)}: it is written there, above the bootloader.")
    if size_arg:
        resolves.append("SWD007")
        notes.append(f"--flash={size_arg} makes st-flash trust this size instead of the chip's size register (clones, SWD007).")
    steps.append(
        Step(
            f"write {Path(image.path).name} with st-flash",
            risk="writes-flash",
            argv=write_argv(str(image.path), image.format, address, connect_under_reset=cur, flash_size=size_arg, serial=req.get("serial")),
            check=tool_check("stlink", source="st-flash", accept=_require_verified),
            timeout=120.0,
            long=True,
            verify=True,
            hint="read st-flash's first error above; `doctor analyze` on its output names the cause",
        )
    )
    return Plan(
        title=f"write {Path(image.path).name} over SWD with st-flash",
        driver="st_flash",
        steps=steps,
        preconditions=preconditions,
        blockers=firmware.check(image, target),
        notes=notes,
        resolves=resolves,
        params={"address": address, "connect_under_reset": cur, "flash_size": size_arg, "firmware": image.path},
    )


def _unknown_chip_id(req: ActionRequest) -> str | None:
    """The line where an earlier st-flash/st-info run said it does not know the chip id, if the facts hold one."""
    for run in (req.facts.get("stlink") or {}).get("runs", []) or []:
        for ev in run.get("events", []) or []:
            if ev.get("kind") == "chip_id_unknown":
                return str(ev.get("line") or "unknown chip id").strip()
    return None


def _ask_nrst(sctx: StepContext) -> dict[str, Any]:
    if sctx.confirm("Is the ST-Link's RST pin wired to the board's NRST?"):
        return {"nrst": "wired"}
    raise StepFailed(
        "NRST is not wired, so connect-under-reset cannot work (SWD005)",
        "wire the ST-Link's RST pin to NRST and run again, or hold the board's RESET, start the command and release RESET right after",
    )


def scanned_target(dev: dict[str, Any], ports: dict[str, dict[str, Any]]) -> Target | None:
    """An ST-Link the scan found: named by vid:pid."""
    ident = f"{dev.get('vid')}:{dev.get('pid')}"
    name = dev.get("product") or dev.get("role_name") or dev.get("role") or ident
    where = f" at USB {dev['port_path']}" if dev.get("port_path") else ""
    return Target("stlink", {"device": ident}, f"{name} ({ident}){where}")


DRIVER = Driver(
    "st_flash",
    actions={
        "stlink.flash": Action(plan_flash, "write an image with st-flash (--reset, --connect-under-reset, --flash=SIZE as the fault needs)"),
    },
    backend=Backend(
        "stlink",
        flash="stlink.flash",
        summary="SWD with stlink-tools' st-flash through an ST-Link (--device VID:PID)",
        tools={"st-flash": "stlink-tools", "st-info": "stlink-tools"},
        opens_usb=True,
        target=scanned_target,
    ),
)
ACTIONS = DRIVER.plans()
