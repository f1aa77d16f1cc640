"""AVR through avrdude: ISP programmers, USB bootloaders (Caterina with its 1200-baud touch), fuses.

`avrdude.flash` options / parameters:
  programmer  an ISP programmer of knowledge/avr_bootloaders.toml (usbasp, usbasp-clone, usbtiny, avrisp,
              arduino_as_isp, buspirate), "caterina" (avr109 through the 1200-baud touch or a double reset),
              or "arduino" (an stk500v1 bootloader such as optiboot); default: what the scan saw on USB
  part        avrdude -p (m32u4, m328p...)       port  -P for serial programmers and bootloaders
  firmware    the .hex (or .bin) to write        baud  -b
  bitclock    -B for a target whose clock is slow (AVR001); without it an ISP programmer that honours -B
              is retried once with -B 32 when the target does not answer
The usbtiny cannot program or verify more than 64 KiB: a larger part is refused before writing (AVR003).

Caterina: the board's application port is opened at 1200 baud and closed (the touch), or the person
double-taps RESET; Caterina then enumerates as a new serial port for 8 s. The plan watches the serial
ports for the one that appears and starts avrdude -c avr109 on it within that window.

`avrdude.write_fuses` writes lfuse/hfuse/efuse (`-U efuse:w:0xFD:m`), with the bits the part does not
have set to 1 (AVR004: an efuse of 0x05 reads back 0xFD, which older avrdude calls a verify error).
Fuse writes are risk "erases": a wrong clock fuse can lock the part out of ISP.
"""

from __future__ import annotations

import glob
import importlib.resources
import os
import time
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from doctor import runner
from doctor.drivers._output import tool_check
from doctor.drivers.base import ActionRequest, Plan, Step, StepContext, StepFailed
from doctor.errors import UsageError
from doctor.findings import Finding
from doctor.runner import ToolRun

CATERINA_WINDOW = 8.0  # seconds Caterina stays in the bootloader without a command
PORT_GLOBS = ("/dev/serial/by-id/*", "/dev/ttyACM*")
SLOW_BITCLOCK = "32"  # -B 32: a 32 us SCK period, slow enough for a 125 kHz target
NO_ANSWER = ("target_no_answer", "init_failed", "isp_clock_hint", "signature_invalid")
BOOTLOADERS: dict[str, dict[str, Any]] = {
    "caterina": {"avrdude": "avr109", "port": "serial", "part": "m32u4"},
    "arduino": {"avrdude": "arduino", "port": "serial", "baud": 115200},
}
USB_ROLES = {"usbasp": "usbasp", "usbtiny": "usbtiny", "avrisp": "avrisp", "caterina": "caterina", "usbasploader": "usbasp"}
FUSES = ("lfuse", "hfuse", "efuse")


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """knowledge/avr_bootloaders.toml: programmers, mcus, bootloaders."""
    text = importlib.resources.files("doctor.knowledge").joinpath("avr_bootloaders.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def programmer_row(name: str) -> dict[str, Any]:
    for row in table()["programmers"]:
        if row["id"] == name or row["avrdude"] == name:
            return dict(row)
    for key, spec in BOOTLOADERS.items():
        if name in (key, spec["avrdude"]):  # "avr109" is Caterina's protocol name
            return {"id": key, **spec}
    known = sorted([r["id"] for r in table()["programmers"]] + list(BOOTLOADERS))
    raise UsageError(f"unknown AVR programmer {name!r}", f"use one of: {', '.join(known)}")


def mcu_row(part: str) -> dict[str, Any] | None:
    for row in table()["mcus"]:
        if row["part"] == part.lower() or row["name"].lower() == part.lower():
            return dict(row)
    return None


def _programmer(req: ActionRequest) -> str:
    name = req.get("programmer")
    if name:
        return str(name)
    for dev in (req.facts.get("usb") or {}).get("devices", []) or []:
        role = dev.get("role")
        if role in USB_ROLES:
            return USB_ROLES[role]
    for run in (req.facts.get("avrdude") or {}).get("runs", []) or []:
        if run.get("programmer"):
            return str(run["programmer"])
    raise UsageError("which programmer or bootloader?", "add --programmer usbasp (or usbtiny, avrisp, arduino_as_isp, buspirate, caterina)")


def _part(req: ActionRequest, prog: dict[str, Any]) -> str:
    part = req.get("part") or req.get("mcu")
    if not part:
        for run in (req.facts.get("avrdude") or {}).get("runs", []) or []:
            if run.get("part"):
                part = run["part"]
                break
    part = part or prog.get("part")
    if not part:
        raise UsageError("which AVR is the target?", "add --part m32u4 (avrdude -p; m328p, m2560, usb1286...)")
    return str(part).lower()


def base_argv(prog: dict[str, Any], part: str, *, port: str | None, baud: Any = None, bitclock: Any = None) -> list[str]:
    """`avrdude -c PROGRAMMER -p PART [-P PORT] [-b BAUD] [-B BITCLOCK]`."""
    argv = ["avrdude", "-c", str(prog["avrdude"]), "-p", part]
    if prog.get("port") == "serial":
        if not port:
            raise UsageError(f"{prog['id']} is a serial programmer: which port?", "add --port /dev/ttyACM0")
        argv += ["-P", str(port)]
    elif port:
        argv += ["-P", str(port)]
    baud = baud or prog.get("baud")
    if baud:
        argv += ["-b", str(baud)]
    if bitclock:
        argv += ["-B", str(bitclock)]
    return argv


def _memory_arg(path: str) -> str:
    fmt = "i" if path.lower().endswith((".hex", ".ihex", ".ihx")) else "r"
    return f"flash:w:{path}:{fmt}"


def _image_size(path: str) -> int:
    """Bytes of flash the file covers (a hex's highest address + 1)."""
    if path.lower().endswith((".hex", ".ihex", ".ihx")):
        from intelhex import IntelHex

        ih = IntelHex(path)
        return int(ih.maxaddr() or 0) + 1 if len(ih) else 0
    return os.path.getsize(path)


def usbtiny_limit(prog: dict[str, Any], part: str, firmware: str | None) -> list[Finding]:
    """AVR003, checked before writing: a programmer with max_flash and a part (or image) beyond it."""
    from doctor.firmware import finding

    limit = prog.get("max_flash")
    row = mcu_row(part)
    if not limit or row is None or row["flash"] <= limit:
        return []
    size = _image_size(firmware) if firmware and os.path.exists(firmware) else None
    where = f" and {Path(firmware).name} reaches 0x{size - 1:x}" if firmware and size and size > limit else ""
    return [finding(
        "AVR003",
        f"{prog['id']} cannot program or verify above {limit // 1024} KiB, but {row['name']} has {row['flash'] // 1024} KiB of flash{where}",
        [("programmer", prog["id"]), ("part", part)],
        "use another ISP programmer for this part (a USBasp, an AVRISP mkII, or an Arduino as ISP)",
        [f"avrdude -c usbasp -p {part} -U flash:w:firmware.hex:i"],
    )]


def _require_verified(run_record: dict[str, Any], run: ToolRun, sctx: StepContext) -> str | None:
    kinds = {e.get("kind") for e in run_record.get("events", [])}
    if run_record.get("success") and "bytes_verified" in kinds and run.status == "ok":
        return "ok"
    if run_record.get("success") and run.status == "ok":
        return "avrdude finished without verifying the flash"
    return None


def _flash_step(argv: list[str], *, retry_bitclock: bool, name: str) -> Step:
    """The write, verified by avrdude itself; retried once with -B 32 when the target did not answer."""
    check = tool_check("avrdude", source="avrdude", accept=_require_verified)

    def execute(sctx: StepContext) -> dict[str, Any]:
        for attempt in (argv, argv + ["-B", SLOW_BITCLOCK]) if retry_bitclock else (argv,):
            run = runner.run(attempt, timeout=180)
            sctx.state.setdefault("tool_runs", []).append(run.to_fact())
            problem = check(run, sctx)
            if problem is None:
                return {"argv": attempt, "seconds": round(run.duration, 3)}
            last = (sctx.state.get("runs") or [{}])[-1]
            kinds = {e.get("kind") for e in last.get("events", [])}
            if attempt is argv and retry_bitclock and kinds & set(NO_ANSWER):
                sctx.warn(f"the target did not answer at the programmer's default ISP clock: retrying with -B {SLOW_BITCLOCK} (AVR001)")
                continue
            raise StepFailed(problem, "check power and the six ISP wires; `doctor analyze` on avrdude's output names the cause")
        raise StepFailed("the target did not answer even at a slow ISP clock", "check the target's power and the six ISP wires (AVR005)")

    return Step(name, risk="writes-flash", argv=argv, execute=execute, timeout=180.0, long=True, verify=True)


def plan_flash(req: ActionRequest) -> Plan:
    prog = programmer_row(_programmer(req))
    part = _part(req, prog)
    fw = req.get("firmware")
    if not fw:
        raise UsageError("which image should avrdude write?", "add --firmware firmware.hex")
    fw = str(fw)
    if prog["id"] == "caterina":
        return _plan_caterina(req, prog, part, fw)
    bitclock = req.get("bitclock")
    argv = base_argv(prog, part, port=req.get("port"), baud=req.get("baud"), bitclock=bitclock) + ["-U", _memory_arg(fw)]
    retry = bool(prog.get("bitclock")) and not bitclock and prog["id"] != "arduino"
    resolves = ["AVR001"] if bitclock else []
    notes = []
    if retry:
        notes.append(f"If the target does not answer, avrdude is run once more with -B {SLOW_BITCLOCK} (a slower ISP clock).")
    if bitclock and not prog.get("bitclock"):
        notes.append(f"{prog['id']} ignores -B: lower its clock in its own firmware or jumper instead.")
    return Plan(
        title=f"write {Path(fw).name} to the {part} with avrdude ({prog['id']})",
        driver="avrdude",
        steps=[_flash_step(argv, retry_bitclock=retry, name=f"write and verify {Path(fw).name}")],
        preconditions=[f"{prog['id']} wired to the target's VCC, GND, RESET, SCK, MOSI, MISO" if prog["id"] != "arduino" else "the board in its bootloader"],
        blockers=usbtiny_limit(prog, part, fw),
        notes=notes,
        resolves=resolves,
        params={"programmer": prog["id"], "part": part, "bitclock": bitclock},
    )


# --- Caterina -----------------------------------------------------------------------------------------------


def serial_ports(globs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for pattern in globs:
        out.update(glob.glob(pattern))
    return out


def touch_1200(port: str) -> None:
    """Open the port at 1200 baud and close it: the Arduino/Caterina signal to reset into the bootloader."""
    import serial

    try:
        with serial.Serial(port, 1200) as ser:
            try:
                ser.dtr = False  # the firmware resets on the line coding 1200 with DTR dropped
            except OSError:
                pass  # a pty has no modem lines; closing drops DTR (HUPCL) on a real port anyway
    except (OSError, serial.SerialException) as exc:
        raise StepFailed(f"cannot open {port} for the 1200-baud touch: {exc}", "is it the board's port? (ls /dev/serial/by-id/)") from exc


def wait_new_port(before: set[str], globs: tuple[str, ...], timeout: float, poll: float = 0.02) -> str:
    """The serial port that appears (or disappears and comes back) after `before` was taken."""
    deadline = time.monotonic() + timeout
    vanished: set[str] = set()
    while time.monotonic() < deadline:
        now = serial_ports(globs)
        vanished |= before - now
        candidates = sorted((now - before) | (now & vanished))
        if candidates:
            return candidates[0]
        time.sleep(poll)
    raise StepFailed(
        f"no bootloader port appeared within {timeout:g} s",
        "double-tap the board's RESET and run again at once (Caterina waits 8 s); BOOT008",
    )


def _plan_caterina(req: ActionRequest, prog: dict[str, Any], part: str, fw: str) -> Plan:
    port = req.get("port")
    globs = tuple(req.get("port_globs") or ((os.path.join(str(req.get("by_id_dir")), "*"),) if req.get("by_id_dir") else PORT_GLOBS))
    window = float(req.get("window") or CATERINA_WINDOW)
    baud = req.get("baud")

    def enter(sctx: StepContext) -> dict[str, Any]:
        before = serial_ports(globs)
        if port and os.path.exists(str(port)):
            touch_1200(str(port))
            how = f"1200-baud touch on {port}"
        else:
            sctx.say("Press the board's RESET button twice quickly (or short RST to GND twice).")
            how = "double reset"
        sctx.state["bootloader_port"] = wait_new_port(before, globs, window)
        sctx.log(f"Caterina appeared at {sctx.state['bootloader_port']}")
        return {"entered_by": how, "port": sctx.state["bootloader_port"]}

    def write(sctx: StepContext) -> dict[str, Any]:
        bport = sctx.state.get("bootloader_port")
        if not bport:
            raise StepFailed("no bootloader port to write to")
        argv = base_argv(prog, part, port=bport, baud=baud) + ["-U", _memory_arg(fw)]
        run = runner.run(argv, timeout=120)
        sctx.state.setdefault("tool_runs", []).append(run.to_fact())
        problem = tool_check("avrdude", source="avrdude", accept=_require_verified)(run, sctx)
        if problem:
            raise StepFailed(problem, "the 8 s window may have closed: run again right after the touch or double reset (BOOT008)")
        return {"argv": argv, "seconds": round(run.duration, 3)}

    shown = base_argv(prog, part, port="<bootloader port>", baud=baud) + ["-U", _memory_arg(fw)]
    entry = f"open {port} at 1200 baud and close it" if port else "ask for a double reset"
    return Plan(
        title=f"write {Path(fw).name} to the {part} through Caterina (avr109)",
        driver="avrdude",
        steps=[
            Step("start the Caterina bootloader", operation=f"{entry}, then watch {', '.join(globs)} for the bootloader's port (up to {window:g} s)", execute=enter),
            Step(f"write and verify {Path(fw).name} within Caterina's window", risk="writes-flash", argv=shown, execute=write, long=True, verify=True),
        ],
        preconditions=["the board plugged in by USB (Pro Micro, Leonardo, Feather 32U4...)"],
        blockers=usbtiny_limit(prog, part, fw),
        notes=["Caterina leaves for the application after 8 s without a command: both steps run back to back."],
        resolves=["BOOT008"],
        params={"programmer": "caterina", "part": part, "port": port},
    )


# --- fuses --------------------------------------------------------------------------------------------------


def _fuse_values(req: ActionRequest) -> dict[str, int]:
    out: dict[str, int] = {}
    for fuse in FUSES:
        value = req.get(fuse)
        if value is not None:
            out[fuse] = int(str(value), 0)
    if not out:
        # AVR004 from pasted output: the value the person tried to write is the mismatch's "expected"
        for run in (req.facts.get("avrdude") or {}).get("runs", []) or []:
            for ev in run.get("events", []):
                if ev.get("kind") == "verify_mismatch" and ev.get("expected") is not None and ev.get("memory") in (None, "efuse"):
                    out["efuse"] = int(ev["expected"])
    if not out:
        raise UsageError("which fuses should be written?", "add --efuse 0xFD (and/or --lfuse, --hfuse)")
    return out


def plan_write_fuses(req: ActionRequest) -> Plan:
    prog = programmer_row(_programmer(req))
    part = _part(req, prog)
    values = _fuse_values(req)
    mask = str(req.get("mask_unused", True)).lower() not in ("false", "0", "no")
    row = mcu_row(part) or {}
    notes = []
    if mask and "efuse" in values and row.get("efuse_unused"):
        unused = int(row["efuse_unused"])
        masked = values["efuse"] | unused
        if masked != values["efuse"]:
            notes.append(f"efuse 0x{values['efuse']:02X} is written as 0x{masked:02X}: the {row['name']} has no bits 0x{unused:02X}, they read back as 1 (AVR004)")
        values["efuse"] = masked
    argv = base_argv(prog, part, port=req.get("port"), baud=req.get("baud"), bitclock=req.get("bitclock"))
    for fuse in FUSES:
        if fuse in values:
            argv += ["-U", f"{fuse}:w:0x{values[fuse]:02X}:m"]
    check = tool_check("avrdude", source="avrdude", accept=_fuses_verified)
    return Plan(
        title=f"write the {', '.join(values)} of the {part} with avrdude ({prog['id']})",
        driver="avrdude",
        steps=[Step("write and verify the fuses", risk="erases", argv=argv, check=check, verify=True,
                    hint="check the values against the datasheet; a wrong clock fuse needs a clock on XTAL1 to recover")],
        preconditions=[f"{prog['id']} wired to the target's ISP pins"],
        notes=notes,
        resolves=["AVR004"] if mask else [],
        params={"programmer": prog["id"], "part": part, **{k: f"0x{v:02X}" for k, v in values.items()}},
    )


def _fuses_verified(run_record: dict[str, Any], run: ToolRun, sctx: StepContext) -> str | None:
    kinds = {e.get("kind") for e in run_record.get("events", [])}
    if run.status == "ok" and "bytes_verified" in kinds and not kinds & {"verify_mismatch", "fuse_unused_bits"}:
        return "ok"
    return None


ACTIONS = {"avrdude.flash": plan_flash, "avrdude.write_fuses": plan_write_fuses}

