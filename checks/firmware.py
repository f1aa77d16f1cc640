"""Probe: firmware images on disk (~/klipper/out/klipper.bin and any file the user names), checked against the board.

Reads each image with doctor.firmware (format bin/hex/elf/uf2, size, vector table, load address, UF2
family, Klipper's embedded dictionary) and runs its pre-flight against the board the passive scan
sees: the MCU a Klipper/Katapult USB device names, the application start of the Katapult `.config`
(or the offset Klipper's `.config` was built with). Nothing is written; it only reads files.

Facts (namespace `firmware`): `firmware.images[]`, each image's facts plus
- `role`: "klipper-out" (the build output) | "named" (given by the user)
- `mtime` (epoch seconds) and `stale`: older than ~/klipper/.config (the build after the last menuconfig is missing)
- `target`: {mcu, app_start, flash_size, source} the image was checked against
- `preflight[]`: {id, message} of each problem the pre-flight found (FW001 offset, FW002 MCU, FW004 size, FW005 empty)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

NAMESPACE = "firmware"
ACTIVE = True
TIMEOUT = 3.0
MAX_FILES = 8


def board_target(facts: dict[str, Any]) -> dict[str, Any]:
    """What the passive facts say about the board an image would go to (mcu, app_start), with where it came from."""
    target: dict[str, Any] = {}
    boards = [d for d in (facts.get("usb") or {}).get("devices") or [] if d.get("role") in ("klipper", "katapult") and d.get("mcu")]
    mcus = {str(d["mcu"]).lower() for d in boards}
    if len(mcus) == 1:
        target["mcu"] = mcus.pop()
        target["source"] = "usb"
    klipper = facts.get("klipper") or {}
    kat = klipper.get("katapult_config") or {}
    if isinstance(kat.get("application_address"), int):
        target["app_start"] = kat["application_address"]
        target["source"] = (target.get("source", "") + "+katapult .config").lstrip("+")
    if "mcu" not in target and isinstance(kat.get("mcu"), str):
        target["mcu"] = kat["mcu"]
        target["source"] = (target.get("source", "") + "+katapult .config").lstrip("+")
    return target


def images_to_check(ctx: Any) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    try:
        klipper_out = Path(ctx.path("klipper_dir")) / "out" / "klipper.bin"
    except (AttributeError, KeyError):
        klipper_out = Path.home() / "klipper" / "out" / "klipper.bin"
    if klipper_out.is_file():
        out.append((klipper_out, "klipper-out"))
    for named in list(getattr(ctx, "firmware_files", None) or [])[:MAX_FILES]:
        out.append((Path(named), "named"))
    return out


def collect(ctx: Any) -> dict[str, Any]:
    from doctor import firmware
    from doctor.errors import DoctorError

    facts = getattr(ctx, "facts", {}) or {}
    files = images_to_check(ctx)
    if not files:
        return {NAMESPACE: {"status": "skipped", "reason": "no ~/klipper/out/klipper.bin and no firmware file named"}}
    target_facts = board_target(facts)
    klipper_cfg = ((facts.get("klipper") or {}).get("config") or {})
    config_path = klipper_cfg.get("path")
    images: list[dict[str, Any]] = []
    for path, role in files:
        entry: dict[str, Any] = {"path": str(path), "role": role}
        try:
            image = firmware.load(path)
        except DoctorError as exc:
            entry.update(status="error", error=exc.message)
            images.append(entry)
            continue
        except OSError as exc:
            entry.update(status="error", error=f"cannot read {path}: {exc.strerror or exc}")
            images.append(entry)
            continue
        entry.update(image.to_fact())
        entry["role"] = role
        entry["status"] = "ok"
        try:
            entry["mtime"] = int(path.stat().st_mtime)
            if config_path and role == "klipper-out":
                entry["stale"] = Path(config_path).stat().st_mtime > path.stat().st_mtime
        except OSError:
            pass
        target = firmware.Target.for_mcu(target_facts.get("mcu"), app_start=target_facts.get("app_start"), bootloader="the board's bootloader")
        entry["target"] = {k: v for k, v in {"mcu": target.mcu, "app_start": target.app_start, "flash_size": target.flash_size, "source": target_facts.get("source")}.items() if v is not None}
        entry["preflight"] = [{"id": f.id, "message": f.message} for f in firmware.check(image, target)]
        images.append(entry)
    return {NAMESPACE: {"status": "ok", "images": images}}
