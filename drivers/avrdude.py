"""AVR through avrdude: ISP programmers, USB bootloaders (Caterina with its 1200-baud touch), fuses.

`avrdude.flash` options / parameters:
  programmer  an ISP programmer of knowledge/avr_bootloaders.toml (usbasp, usbasp-clone, usbtiny, avrisp,
              arduino_as_isp, buspirate), "caterina" (avr109 through the 1200-baud touch or a double reset),
              or "arduino" (an stk500v1 bootloader such as optiboot); default: what the scan saw on USB
  part        avrdude -p (m32u4, m328p...)       port  -P for serial programmers and bootloaders
  firmware    the .hex (or .bin) to write        baud  -b
  bitclock    -B for a target whose clock is slow (AVR001); without it an ISP programmer that honours -B
              is retried once with -B 32 when the target does not answer
With avrdude before 7.1 the usbtiny cannot read back (verify) flash above 64 KiB, nor address it above 128 KiB
(avrdude 7.1 fixed both, avrdudes/avrdude#1029): a larger part is refused before writing (AVR003) unless the
installed avrdude (the host facts' `tools.avrdude.version`) is 7.1 or newer; an unknown version is refused too.

Caterina: the board's application port is opened at 1200 baud and closed (the touch), or the person
double-taps RESET; Caterina then enumerates as a new serial port for 8 s. The plan watches the serial
ports for the one that appears and starts avrdude -c avr109 on it within that window.

`avrdude.write_fuses` writes lfuse/hfuse/efuse (`-U efuse:w:0xFD:m`), with the bits the part does not
have set to 1 (AVR004: an efuse of 0x05 reads back 0xFD, which older avrdude calls a verify error).
A value taken from pasted output must come from a mismatch avrdude printed for the efuse itself; an unlabelled
mismatch (or two that disagree) is not guessed at: the plan asks for --efuse.
Fuse writes are risk "erases", and every planned value is checked against the part's fuse layout
(knowledge/avr_bootloaders.toml, from avr-libc's io headers): RSTDISBL or DWEN programmed, SPIEN
unprogrammed, or a clock select that needs an external clock or crystal lock the part out of ISP; such a plan
is refused (a blocker naming what would be lost) unless `allow_isp_lockout` is given. A part whose layout is
unknown is refused the same way.
"""

from __future__ import annotations

import glob
import importlib.resources
import os
import re
import time
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from doctor import devices, runner
from doctor.drivers._output import step_progress, tool_check
from doctor.drivers.base import ActionRequest, Plan, Step, StepContext, StepFailed
from doctor.drivers.registry import Action, Backend, Driver, Option
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
        name = devices.programmer(dev.get("role"))
        if name:
            return name
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


def version_tuple(text: Any) -> tuple[int, ...] | None:
    """(7, 1) of "7.1", "6.3-20190619", "8.0-arduino.1", "7.1+dfsg"; None when it does not start with a number."""
    m = re.match(r"\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?", str(text or ""))
    if not m:
        return None
    return tuple(int(g) for g in m.groups() if g is not None)


def installed_version(facts: dict[str, Any]) -> str | None:
    """The avrdude version of this host as the host check found it (`host.tools.avrdude.version`), if any."""
    tool = ((facts.get("host") or {}).get("tools") or {}).get("avrdude")
    return str(tool["version"]) if isinstance(tool, dict) and tool.get("version") else None


def usbtiny_limit(prog: dict[str, Any], part: str, firmware: str | None, version: str | None = None) -> list[Finding]:
    """AVR003, checked before writing: a programmer with max_flash and a part (or image) beyond it, with an
    avrdude older than the programmer's `limit_until` version (or of unknown version)."""
    from doctor.firmware import finding

    limit = prog.get("max_flash")
    row = mcu_row(part)
    if not limit or row is None or row["flash"] <= limit:
        return []
    fixed_in = prog.get("limit_until")
    have = version_tuple(version)
    if fixed_in and have is not None and have >= (version_tuple(fixed_in) or ()):
        return []
    size = _image_size(firmware) if firmware and os.path.exists(firmware) else None
    where = f" and {Path(firmware).name} reaches 0x{size - 1:x}" if firmware and size and size > limit else ""
    which = f"avrdude {version}" if version else "avrdude of unknown version"
    since = f" before avrdude {fixed_in}" if fixed_in else ""
    return [finding(
        "AVR003",
        f"{prog['id']} cannot verify (or, above 128 KiB, address) flash above {limit // 1024} KiB{since}, and this is {which}; "
        f"{row['name']} has {row['flash'] // 1024} KiB of flash{where}",
        [("programmer", prog["id"]), ("part", part), ("avrdude", version or "unknown")],
        f"install avrdude {fixed_in} or newer (`avrdude -?` prints the version), or use another ISP programmer for this part"
        if fixed_in else "use another ISP programmer for this part (a USBasp, an AVRISP mkII, or an Arduino as ISP)",
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
            run = runner.run(attempt, timeout=180, on_output=step_progress(sctx, attempt))
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
        blockers=usbtiny_limit(prog, part, fw, installed_version(req.facts)),
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
    """The 1200-baud touch (doctor.protocols.entry): the Arduino/Caterina signal to reset into the bootloader."""
    from doctor.protocols import entry

    try:
        entry.touch_1200(port)
    except entry.EntryError as exc:
        raise StepFailed(f"cannot open {port} for the 1200-baud touch: {exc.__cause__ or exc.message}", "is it the board's port? (ls /dev/serial/by-id/)") from exc


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
        run = runner.run(argv, timeout=120, on_output=step_progress(sctx, argv))
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
        blockers=usbtiny_limit(prog, part, fw, installed_version(req.facts)),
        notes=["Caterina leaves for the application after 8 s without a command: both steps run back to back."],
        resolves=["BOOT008"],
        params={"programmer": "caterina", "part": part, "port": port},
    )


# --- fuses --------------------------------------------------------------------------------------------------


def _efuse_from_output(req: ActionRequest) -> int | None:
    """AVR004 from pasted output: the efuse value the person wrote, read only from mismatches avrdude printed for
    the efuse itself (the memory the mismatch belongs to, as the parser tracked it). An unlabelled mismatch could
    be any memory (flash, lock, another fuse): it is never taken; two efuse values that disagree are not guessed
    between."""
    named: list[int] = []
    unlabelled = 0
    for run in (req.facts.get("avrdude") or {}).get("runs", []) or []:
        for ev in run.get("events", []):
            if ev.get("kind") != "verify_mismatch" or ev.get("expected") is None:
                continue
            if ev.get("memory") == "efuse":
                named.append(int(ev["expected"]))
            elif ev.get("memory") is None:
                unlabelled += 1
    values = sorted(set(named))
    if len(values) == 1:
        return values[0]
    if len(values) > 1:
        raise UsageError(
            f"the pasted output shows efuse mismatches for {', '.join(f'0x{v:02X}' for v in values)}: which value was meant?",
            "add --efuse 0x.. (the value from the datasheet or the board's boards.txt)")
    if unlabelled:
        raise UsageError(
            "the pasted output shows a verify mismatch that does not say which memory it is: the efuse value is not guessed from it",
            "add --efuse 0x.. (the value you meant to write; avrdude -v shows which memory failed)")
    return None


def _fuse_values(req: ActionRequest) -> dict[str, int]:
    out: dict[str, int] = {}
    for fuse in FUSES:
        value = req.get(fuse)
        if value is not None:
            out[fuse] = int(str(value), 0)
    if not out:
        efuse = _efuse_from_output(req)
        if efuse is not None:
            out["efuse"] = efuse
    if not out:
        raise UsageError("which fuses should be written?", "add --efuse 0xFD (and/or --lfuse, --hfuse)")
    return out


def _field(row: dict[str, Any], key: str) -> tuple[str, int] | None:
    """("hfuse", 0x80) of a layout field "hfuse:0x80"."""
    spec = row.get(key)
    if not spec or ":" not in str(spec):
        return None
    fuse, mask = str(spec).split(":", 1)
    return fuse, int(mask, 0)


def isp_lockout(part: str, values: dict[str, int]) -> list[str]:
    """What the fuse values would cost the ISP programmer on this part, one sentence each (empty: nothing).
    A part whose fuse layout is not in knowledge/avr_bootloaders.toml cannot be checked: that is said too."""
    row = mcu_row(part)
    if row is None or not row.get("spien"):
        return [f"the fuse layout of {part} is not known to doctor, so the write cannot be checked for bits that disable ISP"]
    lost: list[str] = []
    name = row["name"]
    for key, programmed_locks, what in (
        ("rstdisbl", True, "RSTDISBL would be programmed: RESET becomes an I/O pin and ISP stops working; only a high-voltage programmer can undo it"),
        ("dwen", True, "DWEN would be programmed: debugWIRE takes the RESET pin and ISP stops working until a debugWIRE tool turns it off"),
        ("spien", False, "SPIEN would be unprogrammed: serial (ISP) programming is disabled; only a high-voltage programmer can undo it"),
    ):
        field_ = _field(row, key)
        if field_ is None or field_[0] not in values:
            continue
        bit_clear = (values[field_[0]] & field_[1]) == 0  # programmed
        if bit_clear == programmed_locks:
            lost.append(f"{field_[0]} 0x{values[field_[0]]:02X} on the {name}: {what}")
    cksel = _field(row, "cksel")
    if cksel and cksel[0] in values:
        mask = cksel[1]
        shift = (mask & -mask).bit_length() - 1
        sel = (values[cksel[0]] & mask) >> shift
        if sel not in [int(v) for v in row.get("cksel_internal", [])]:
            lost.append(f"{cksel[0]} 0x{values[cksel[0]]:02X} on the {name}: clock select 0x{sel:X} runs the chip from an external clock or crystal; "
                        "if none is fitted and running, the chip stops and answers no ISP command until a clock is fed to XTAL1")
    return lost


def _lockout_blocker(part: str, lost: list[str]) -> Finding:
    from doctor.firmware import finding

    return finding(
        "AVR005",
        "this fuse write can lock the part out of ISP: " + "; ".join(lost),
        [("part", part)] + [("would lose", item.split(": ", 1)[-1][:120]) for item in lost],
        "check the values against the datasheet (a fuse calculator for this part); if they are what you mean, run again with the override "
        "allow_isp_lockout (doctor flash/fix: --allow-isp-lockout)",
    )


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
    lost = isp_lockout(part, values)
    override = str(req.get("allow_isp_lockout", False)).lower() in ("true", "1", "yes")
    blockers = [_lockout_blocker(part, lost)] if lost and not override else []
    if lost and override:
        notes.append("allowed by allow_isp_lockout: " + "; ".join(lost))
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
        blockers=blockers,
        notes=notes,
        resolves=["AVR004"] if mask else [],
        params={"programmer": prog["id"], "part": part, **{k: f"0x{v:02X}" for k, v in values.items()}},
    )


def _fuses_verified(run_record: dict[str, Any], run: ToolRun, sctx: StepContext) -> str | None:
    kinds = {e.get("kind") for e in run_record.get("events", [])}
    if run.status == "ok" and "bytes_verified" in kinds and not kinds & {"verify_mismatch", "fuse_unused_bits"}:
        return "ok"
    return None


DRIVER = Driver(
    "avrdude",
    actions={
        "avrdude.flash": Action(plan_flash, "write and verify with avrdude (ISP programmers or USB bootloaders)"),
        "avrdude.write_fuses": Action(plan_write_fuses, "write fuses with avrdude, masking unused efuse bits"),
    },
    backend=Backend(
        "avrdude",
        flash="avrdude.flash",
        summary="AVR boards with avrdude: ISP programmers and USB bootloaders (--programmer, --part)",
        selected_by=("programmer", "part"),
        precedence=10,
        options=(
            Option("--programmer", "avrdude: usbasp, usbasp-clone, usbtiny, avrisp, arduino_as_isp, buspirate, caterina, arduino"),
            Option("--part", "avrdude: the AVR part (-p), e.g. m32u4, m328p"),
            Option("--bitclock", "avrdude: the ISP clock period -B, e.g. 32 (a slow target, AVR001)"),
        ),
        tools={"avrdude": "avrdude"},
        opens_usb=True,
    ),
)
ACTIONS = DRIVER.plans()

