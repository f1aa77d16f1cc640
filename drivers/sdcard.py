"""SD-card flashing: copy the firmware to a mounted card, or upload it through a running Klipper.

Board definitions are data (knowledge/sdcard_boards.toml: MCU, the file name the bootloader looks
for, whether it needs a power cycle, a conversion script). Two ways, chosen by the options:

- `card` (a mounted card's folder): pre-flight of what doctor sees there (SD001: not FAT, write
  protected; SD003: a board it has no definition for and no --firmware-name), the conversion script when
  the board needs one, then the copy, flushed and read back (SHA-1), under the name the bootloader wants.
- `port` (the board's serial device) + `board` with a Klipper checkout that has scripts/flash-sdcard.sh: Klipper is stopped (it
  holds the port), `flash-sdcard.sh [-f FIRMWARE] DEVICE BOARD` uploads and checks, Klipper is started
  again. For boards that need a power cycle (SDIO slots), the person power-cycles and
  `flash-sdcard.sh -c DEVICE BOARD` checks the version (SD002). `verify_only` runs just that check.
The script's output is read by doctor.parsers.sdflash, whose events the knowledge base turns into
SD001-SD003 on the re-diagnosis.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import time
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from doctor import firmware
from doctor.drivers import host
from doctor.drivers._output import parse_run, record, runs_of, tool_check
from doctor.drivers.base import ActionRequest, Plan, Step, StepContext, StepFailed
from doctor.drivers.registry import Action, Backend, Driver, Option
from doctor.errors import UsageError
from doctor.findings import Finding
from doctor.runner import ToolRun

FAT_TYPES = ("vfat", "msdos", "fat")
KLIPPER_DIR = "~/klipper"
SCRIPT = "scripts/flash-sdcard.sh"
LARGE_CARD = 32 * 1024**3


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    text = importlib.resources.files("doctor.knowledge").joinpath("sdcard_boards.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def boards() -> dict[str, dict[str, Any]]:
    """Every board name and alias -> its definition (defaults filled in, `name` = the definition's name)."""
    data = _table()
    defaults = data.get("defaults", {})
    out: dict[str, dict[str, Any]] = {}
    for row in data["boards"]:
        full = {**defaults, **{k: v for k, v in row.items() if k != "aliases"}}
        for name in [row["name"], *row.get("aliases", [])]:
            out[name] = full
    return out


def board_def(name: str | None) -> dict[str, Any] | None:
    return boards().get(str(name).lower()) if name else None


def _mount_fstype(path: Path, mounts_file: str) -> tuple[str | None, bool]:
    """(filesystem type, read-only) of the mount that holds `path`, from /proc/mounts."""
    best: tuple[int, str | None, bool] = (-1, None, False)
    real = os.path.realpath(path)
    try:
        from doctor.snapshot_check import read_head

        lines = read_head(mounts_file, 4 * 1024 * 1024).decode("utf-8", errors="replace").splitlines()
    except OSError:
        return None, False
    for line in lines:
        parts = line.split()
        if len(parts) < 4:
            continue
        mount = parts[1].replace("\\040", " ")
        if (real == mount or real.startswith(mount.rstrip("/") + "/")) and len(mount) > best[0]:
            best = (len(mount), parts[2], "ro" in parts[3].split(","))
    return best[1], best[2]


def card_findings(card: Path, *, mounts_file: str = "/proc/mounts") -> tuple[list[Finding], list[str]]:
    """SD001 blockers and notes from what the host sees of a mounted card."""
    from doctor.firmware import finding

    blockers: list[Finding] = []
    notes: list[str] = []
    fstype, read_only = _mount_fstype(card, mounts_file)
    if fstype is not None and fstype.lower() not in FAT_TYPES:
        blockers.append(finding(
            "SD001", f"the card at {card} is formatted {fstype}; board bootloaders read FAT32 only",
            [("sdcard.mount.fs_type", fstype)], "back up the card, format it FAT32 (4096-byte clusters), then run again",
            ["sudo mkfs.vfat -F 32 -s 8 /dev/sdX1   # the card's partition"],
        ))
    if read_only or not os.access(card, os.W_OK):
        blockers.append(finding(
            "SD001", f"the card at {card} is read-only (write-protect switch, or mounted read-only)",
            [("sdcard.mount.read_only", "true")], "slide the card's lock switch up, re-insert it, then run again",
        ))
    try:
        st = os.statvfs(card)
        size = st.f_blocks * st.f_frsize
        if size > LARGE_CARD:
            notes.append(f"the card holds {size / 1024**3:.0f} GiB: many board bootloaders only read cards of 32 GB or less (SD001 if nothing happens)")
        if fstype in FAT_TYPES and st.f_bsize not in (0, 4096):
            notes.append(f"the card's clusters are {st.f_bsize} bytes; some bootloaders need 4096 (mkfs.vfat -s 8)")
    except OSError:
        pass
    return blockers, notes


def _copy_name(board: dict[str, Any] | None, req: ActionRequest) -> tuple[str, str | None]:
    """The file name to write, and for boards that want a fresh name each time the glob of earlier ones."""
    name = req.get("firmware_name") or (board or {}).get("firmware")
    if board and board.get("unique_name"):
        stem, ext = os.path.splitext(str(name or "firmware.bin"))
        return f"{stem}-{time.strftime('%Y%m%d%H%M%S')}{ext or '.bin'}", f"{stem}-*{ext or '.bin'}"
    return str(name or ""), None


def _plan_copy(req: ActionRequest, card: Path, fw: firmware.Image, board: dict[str, Any] | None) -> Plan:
    from doctor.firmware import finding

    blockers, notes = card_findings(card, mounts_file=str(req.get("mounts_file") or "/proc/mounts"))
    name, earlier = _copy_name(board, req)
    if not name:
        blockers.append(finding(
            "SD003", f"doctor has no SD-card definition for the board {req.get('board')!r}, so it does not know the file name its bootloader reads",
            [("board", str(req.get("board")))], "pass the name the board's documentation gives (--firmware-name firmware.bin), or the board name from flash-sdcard.sh -l",
        ))
        name = "firmware.bin"
    mcu = (fw.klipper or {}).get("mcu")
    if board and mcu and str(mcu).lower() != str(board["mcu"]).lower():
        blockers.append(finding(
            "FW002", f"{Path(fw.path).name} is built for {mcu}, but the board {board['name']} has a {board['mcu']}",
            [("firmware.klipper.mcu", str(mcu)), ("board.mcu", str(board["mcu"]))], f"rebuild Klipper for {board['mcu']} (make menuconfig)",
        ))
    steps: list[Step] = []
    source = fw.path
    if board and board.get("conversion"):
        klipper_dir = Path(os.path.expanduser(str(req.get("klipper_dir") or KLIPPER_DIR)))
        converted = os.path.join(os.path.dirname(os.path.abspath(fw.path)), name)
        steps.append(Step(
            f"convert {Path(fw.path).name} for the {board['name']} bootloader",
            argv=["python3", str(klipper_dir / board["conversion"]), fw.path, converted],
            hint=f"the conversion script comes with Klipper: check {klipper_dir / board['conversion']} exists",
        ))
        source = converted
    target = card / name
    old = sorted(p.name for p in card.glob(earlier)) if earlier else []

    def copy(sctx: StepContext) -> dict[str, Any]:
        for stale in old:
            (card / stale).unlink(missing_ok=True)
        data = Path(source).read_bytes()
        with open(target, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        back = hashlib.sha1(target.read_bytes()).hexdigest()
        if back != hashlib.sha1(data).hexdigest():
            raise StepFailed(f"{target} reads back different from what was written", "the card is failing: use another card (SD001)")
        return {"path": str(target), "sha1": back.upper(), "size": len(data)}

    steps.append(Step(f"copy to {target} and read it back", risk="writes-flash", operation=f"copy {Path(source).name} to {target}, sync, compare SHA-1", execute=copy, verify=True))
    current = (board or {}).get("current", "FIRMWARE.CUR")
    notes.append(f"Then eject the card (sync; umount {card}), put it in the board and power-cycle it: the bootloader installs {name} and renames it {current}.")
    if board and board.get("power_cycle"):
        notes.append("This board reads the card only on a cold start: switch it off and on, a reset is not enough.")
    return Plan(
        title=f"put {Path(fw.path).name} on the SD card at {card}" + (f" for {board['name']}" if board else ""),
        driver="sdcard",
        steps=steps,
        preconditions=[f"the board's SD card mounted at {card}"],
        blockers=blockers,
        notes=notes,
        resolves=[],
        params={"card": str(card), "name": name, "board": (board or {}).get("name")},
    )


def _upload_accept(board: dict[str, Any] | None) -> Any:
    def accept(run_record: dict[str, Any], run: ToolRun, sctx: StepContext) -> str | None:
        kinds = {e.get("kind") for e in run_record.get("events", [])}
        errors = {k for k in kinds if k and k not in ("sd_upload_complete", "sd_flash_success", "sd_needs_power_cycle")}
        if board and board.get("power_cycle") and run_record.get("written") and not errors:
            sctx.state["needs_power_cycle"] = True
            return "ok"
        return None

    return accept


def _knows_board(board_name: str) -> Any:
    """A check of `flash-sdcard.sh -l`: the board (or alias) must be in its list (SD003 otherwise)."""

    def check(run: ToolRun, sctx: StepContext) -> str | None:
        if run.status != "ok":
            return run.error or f"flash-sdcard.sh -l exited with {run.returncode}"
        fragment = parse_run(run, "flash-sdcard -l")
        listed = [b for r in runs_of(fragment, "sdcard") for b in r.get("boards", [])]
        if board_name.lower() in listed:
            return None
        for rec in runs_of(fragment, "sdcard"):
            rec["board"] = board_name  # so the knowledge base sees the name beside the list (SD003)
        record(sctx, fragment)
        return f"flash-sdcard.sh does not know the board {board_name!r} ({len(listed)} names listed)"

    return check


def _power_cycle(sctx: StepContext) -> dict[str, Any]:
    sctx.say("Switch the printer off completely (not a reset), wait ten seconds, and switch it on again.")
    if not sctx.confirm("Has the board been power-cycled?"):
        raise StepFailed("the board was not power-cycled, so its bootloader has not read the card yet", "power-cycle it, then run: flash-sdcard.sh -c DEVICE BOARD (SD002)")
    return {"power_cycled": True}


def _plan_klipper(req: ActionRequest, script: Path, device: str, board_name: str, board: dict[str, Any] | None) -> Plan:
    verify_only = str(req.get("verify_only", False)).lower() in ("true", "1", "yes")
    fw = req.get("firmware")
    before, after = host.stop_steps(req, ["klipper"])
    check_argv = [str(script), "-c", device, board_name]
    steps: list[Step] = [Step(
        f"check that flash-sdcard.sh knows {board_name}",
        argv=[str(script), "-l"],
        check=_knows_board(board_name),
        timeout=60.0,
        hint="use a name from `flash-sdcard.sh -l` (SD003), or copy the firmware to the card: --card",
    )]
    steps += before
    needs_cycle = bool(board and board.get("power_cycle"))
    resolves: list[str] = []
    if not verify_only:
        argv = [str(script)]
        if req.get("baud"):
            argv += ["-b", str(req.get("baud"))]
        if fw:
            argv += ["-f", str(fw)]
        argv += [device, board_name]
        steps.append(Step(
            f"upload the firmware to the SD card through Klipper ({board_name})",
            risk="writes-flash",
            argv=argv,
            check=tool_check("sdcard", source="flash-sdcard", accept=_upload_accept(board)),
            timeout=300.0,
            long=True,
            verify=not needs_cycle,
            hint="read flash-sdcard.sh's last lines above; `doctor analyze` on its output names the cause",
        ))
    else:
        resolves.append("SD002")
    if needs_cycle or verify_only:
        steps.append(Step("power-cycle the board", operation="ask: switch the printer off and on (its bootloader reads the card only on a cold start)", execute=_power_cycle))
        steps.append(Step(
            "check the version the board now runs",
            argv=check_argv,
            check=tool_check("sdcard", source="flash-sdcard"),
            timeout=120.0,
            verify=True,
            hint="if the old version is still there after a power cycle, the bootloader cannot read the card (SD001)",
        ))
    steps += after
    notes = []
    if board is None:
        notes.append(f"doctor has no definition for {board_name!r}; flash-sdcard.sh decides (SD003 if it does not know it either: flash-sdcard.sh -l lists the names)")
    return Plan(
        title=("check the SD-card update of " if verify_only else "update the firmware by SD card on ") + f"{board_name} through Klipper",
        driver="sdcard",
        steps=steps,
        preconditions=[f"the board running Klipper at {device}", f"{script} (Klipper's SD-card updater)"],
        notes=notes,
        resolves=resolves,
        params={"device": device, "board": board_name, "verify_only": verify_only},
    )


def _klipper_device(req: ActionRequest) -> str | None:
    """The serial port of the board running Klipper: --port (or --device given as a path), else the facts."""
    for key in ("port", "device"):
        value = req.get(key)
        if value and str(value).startswith("/"):
            return str(value)
    for mcu in ((req.facts.get("klipper") or {}).get("printer_cfg") or {}).get("mcus", []) or []:
        if mcu.get("serial"):
            return str(mcu["serial"])
    for run in (req.facts.get("sdcard") or {}).get("runs", []) or []:
        if run.get("device"):
            return str(run["device"])
    return None


def plan_flash(req: ActionRequest) -> Plan:
    board_name = req.get("board")
    if not board_name:
        for run in (req.facts.get("sdcard") or {}).get("runs", []) or []:
            board_name = board_name or run.get("board")
    board = board_def(board_name)
    card = req.get("card")
    if card:
        fwpath = req.get("firmware") or os.path.expanduser(f"{KLIPPER_DIR}/out/klipper.bin")
        fw = firmware.load(str(fwpath))
        card_path = Path(str(card))
        if not card_path.is_dir():
            raise UsageError(f"{card} is not a mounted card's folder", "mount the card (lsblk shows it) and pass its folder, e.g. --card /media/pi/SDCARD")
        return _plan_copy(req, card_path, fw, board)
    script = Path(os.path.expanduser(str(req.get("klipper_dir") or KLIPPER_DIR))) / SCRIPT
    device = _klipper_device(req)
    if not script.exists():
        raise UsageError(
            f"no {script} (Klipper's SD-card updater) here",
            "copy the firmware to the card instead: --card /media/<user>/<card> --board NAME",
        )
    if not (device and board_name):
        raise UsageError("flash-sdcard.sh needs the board's serial device and its board name", "add --port /dev/serial/by-id/usb-Klipper_... --board NAME (flash-sdcard.sh -l)")
    return _plan_klipper(req, script, device, str(board_name), board)


DRIVER = Driver(
    "sdcard",
    actions={
        "sdcard.flash": Action(plan_flash, "copy the firmware to the card for the board's bootloader, or upload it through a running Klipper"),
    },
    backend=Backend(
        "sdcard",
        flash="sdcard.flash",
        summary="the board's SD card: a mounted card (--card) or Klipper's flash-sdcard.sh (--board)",
        selected_by=("card", "board"),
        precedence=20,
        options=(
            Option("--card", "sdcard: the folder where the board's SD card is mounted"),
            Option("--board", "sdcard: the board name of flash-sdcard.sh -l (knowledge/sdcard_boards.toml)"),
            Option("--firmware-name", "sdcard: the file name the board's bootloader reads from the card (a board doctor has no definition for)", "NAME"),
        ),
    ),
)
ACTIONS = DRIVER.plans()

