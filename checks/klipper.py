"""The host's Klipper installation: Klipper's and Katapult's `.config`, printer.cfg's `[mcu]` sections, and
the end of klippy.log.

Paths come from the ProbeContext (defaults: ~/klipper/.config, ~/katapult/.config, printer.cfg under
~/printer_data/config, ~/klipper_config or ~, klippy.log under ~/printer_data/logs, ~/klipper_logs or /tmp).
Everything is read with the analyze parsers (doctor.parsers.kconfig, printer_cfg, klippy_log), so a live
scan and a pasted file give the same facts. printer.cfg's `[include ...]` files are followed (globs,
relative to the including file, at most MAX_INCLUDES files). Of klippy.log only the last TAIL_BYTES are
read (seek), so a 100 MB log costs the same as a small one. Nothing found: `status` unavailable.
"""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path
from typing import Any

from doctor.parsers import parse_stream
from doctor.parsers.kconfig import parse_config as parse_kconfig
from doctor.parsers.printer_cfg import McuSections

NAMESPACE = "klipper"
ACTIVE = False
TIMEOUT = 4.0

TAIL_BYTES = 2 * 1024 * 1024
MAX_CONFIG_BYTES = 1024 * 1024
MAX_INCLUDES = 50
_INCLUDE = re.compile(r"^\[include\s+([^\]]+)\]", re.I)


def _read(path: Path, limit: int = MAX_CONFIG_BYTES) -> str | None:
    try:
        with open(path, "rb") as fh:
            return fh.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return None


def _first(paths: list[Path]) -> Path | None:
    for p in paths:
        if p.is_file():
            return p
    return None


def instances(home: Path) -> list[Path]:
    """The printer_data folders of this home: ~/printer_data first, then the others KIAUH makes for more
    printers (~/printer_1_data, ~/<name>_data: any ~/*_data holding config/printer.cfg), sorted."""
    found: list[Path] = []
    try:
        names = sorted(os.listdir(home))
    except OSError:
        return found
    for name in ["printer_data"] + [n for n in names if n.endswith("_data") and n != "printer_data"]:
        if (home / name / "config" / "printer.cfg").is_file():
            found.append(home / name)
    return found


def printer_cfg_paths(ctx: Any) -> list[Path]:
    """Every printer.cfg to read: --printer-cfg, else each instance's, else the legacy places."""
    if getattr(ctx, "printer_cfg", None):
        return [Path(ctx.printer_cfg)]
    home = Path(ctx.home)
    found = [d / "config" / "printer.cfg" for d in instances(home)]
    if found:
        return found
    legacy = _first([home / "klipper_config" / "printer.cfg", home / "printer.cfg"])
    return [legacy] if legacy else []


def klippy_log_path(ctx: Any) -> Path | None:
    """--klippy-log, else the most recently written klippy.log of the instances, else the legacy places."""
    if getattr(ctx, "klippy_log", None):
        return Path(ctx.klippy_log)
    home = Path(ctx.home)
    logs = [d / "logs" / "klippy.log" for d in instances(home) if (d / "logs" / "klippy.log").is_file()]
    if logs:
        return max(logs, key=lambda p: p.stat().st_mtime)
    return _first([home / "printer_data" / "logs" / "klippy.log", home / "klipper_logs" / "klippy.log", Path("/tmp/klippy.log")])


def read_printer_cfg(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The `[mcu]` sections of printer.cfg and of the files it includes; and every file read."""
    sections = McuSections(str(path))
    seen: list[str] = []
    queue = [path]
    while queue and len(seen) < MAX_INCLUDES:
        current = queue.pop(0)
        key = os.path.realpath(current)
        if key in seen:
            continue
        text = _read(current)
        if text is None:
            continue
        seen.append(key)
        sections.source = str(current)
        for lineno, line in enumerate(text.splitlines(), start=1):
            m = _INCLUDE.match(line.strip())
            if m:
                pattern = m.group(1).strip()
                base = current.parent
                for found in sorted(glob.glob(str(base / pattern)))[:MAX_INCLUDES]:
                    queue.append(Path(found))
                continue
            before = len(sections.mcus)
            sections.feed(lineno, line)
            if len(sections.mcus) > before:
                sections.mcus[-1]["source"] = str(current)
    return sections.mcus, seen


def read_log_tail(path: Path, tail: int = TAIL_BYTES) -> dict[str, Any]:
    """klippy.log facts from the last `tail` bytes of the log (the first, partial line dropped)."""
    from doctor.parsers.klippy_log import KlippyLogParser

    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        start = max(0, size - tail)
        fh.seek(start)
        data = fh.read(tail)
    text = data.decode("utf-8", errors="replace")
    if start > 0:
        text = text.split("\n", 1)[1] if "\n" in text else ""
    fragment = parse_stream(iter(text.splitlines()), str(path), parsers=[KlippyLogParser])
    klipper = fragment.get("klipper", {})
    log = klipper.get("log", {})
    log.update({"path": str(path), "origin": "live", "size": size, "tail_from": start})
    return klipper


def collect(ctx: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    home = Path(ctx.home)
    klipper_dir = Path(ctx.path("klipper_dir")) if hasattr(ctx, "path") else home / "klipper"
    katapult_dir = Path(ctx.path("katapult_dir")) if hasattr(ctx, "path") else home / "katapult"
    for path, default_key in ((klipper_dir / ".config", "config"), (katapult_dir / ".config", "katapult_config")):
        text = _read(path)
        if not text:
            continue
        cfg = parse_kconfig(text, str(path))
        if not cfg:
            continue
        key = "katapult_config" if cfg.get("kind") == "katapult" else "config"
        if key in facts:
            key = default_key
        cfg["origin"] = "live"
        facts[key] = cfg
    cfg_paths = [p for p in printer_cfg_paths(ctx) if p.is_file()]
    if cfg_paths:
        all_mcus: list[dict[str, Any]] = []
        all_files: list[str] = []
        for cfg_path in cfg_paths:
            mcus, files = read_printer_cfg(cfg_path)
            if len(cfg_paths) > 1:  # several printers on this host: say whose each MCU is
                for m in mcus:
                    m["instance"] = cfg_path.parent.parent.name
            all_mcus += mcus
            all_files += [f for f in files if f not in all_files]
        facts["printer_cfg"] = {"path": str(cfg_paths[0]), "mcus": all_mcus, "origin": "live", "files": all_files}
    log_path = klippy_log_path(ctx)
    if log_path is not None and log_path.is_file():
        try:
            logged = read_log_tail(log_path)
        except OSError as exc:
            facts["log"] = {"path": str(log_path), "origin": "live", "error": str(exc)}
        else:
            facts["log"] = logged.get("log", {"path": str(log_path), "origin": "live"})
            if "printer_cfg" not in facts and logged.get("printer_cfg"):
                facts["printer_cfg"] = logged["printer_cfg"]
    if not facts:
        return {NAMESPACE: {"status": "unavailable", "reason": f"no Klipper installation found under {home} (no .config, printer.cfg or klippy.log)"}}
    facts["status"] = "ok"
    return {NAMESPACE: facts}
