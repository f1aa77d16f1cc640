"""The host's Klipper installation: Klipper's and Katapult's `.config`, printer.cfg's `[mcu]` sections, and
the end of klippy.log.

Paths come from the ProbeContext (defaults: ~/klipper/.config, ~/katapult/.config, printer.cfg under
~/printer_data/config, ~/klipper_config or ~, klippy.log under ~/printer_data/logs, ~/klipper_logs or /tmp).
Everything is read with the analyze parsers (doctor.parsers.kconfig, printer_cfg, klippy_log), so a live
scan and a pasted file give the same facts. printer.cfg's `[include ...]` files are followed (globs,
relative to the including file, at most MAX_INCLUDES files). Of klippy.log only the last TAIL_BYTES are
read (seek), so a 100 MB log costs the same as a small one. Nothing found: `status` unavailable.

Each printer.cfg MCU gets `log`: what its own instance's klippy.log (`<instance>/logs/klippy.log`; for
~/klipper_config, ~/klipper_logs/klippy.log) last said about it (`last_said`: connected with the version it
reported, unable to connect, lost communication, shutdown and its reason, or another MCU error), read from the
same bounded tail; at most MAX_LOGS logs are read.
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
MAX_LOGS = 8  # instances' klippy.logs read for the printer view (each TAIL_BYTES at most)
_INCLUDE = re.compile(r"^\[include\s+([^\]]+)\]", re.I)


def _read(path: Path, limit: int = MAX_CONFIG_BYTES) -> str | None:
    from doctor.snapshot_check import read_head  # bounded, no device, no waiting on a FIFO

    try:
        return read_head(path, limit).decode("utf-8", errors="replace")
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

    from doctor.snapshot_check import open_input

    with open_input(path) as fh:
        if not os.path.isfile(path):
            raise OSError(f"{path} is not a regular file")
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


def instance_log(cfg_path: Path, home: Path) -> Path | None:
    """The klippy.log written by the Klipper that reads `cfg_path`: `<instance>/logs/klippy.log` beside
    `<instance>/config/printer.cfg` (KIAUH, every instance), ~/klipper_logs/klippy.log for the legacy
    ~/klipper_config (or ~/printer.cfg); None when there is none."""
    inst = cfg_path.parent.parent
    places = [inst / "logs" / "klippy.log"]
    if cfg_path.parent in (home / "klipper_config", home) or cfg_path == home / "printer.cfg":
        places.append(home / "klipper_logs" / "klippy.log")
    return _first(places)


# event kinds of klippy.log that say something about one MCU's connection (a failure's detail is its line)
_SAID = {
    "mcu_shutdown": "shutdown",
    "mcu_lost_communication": "lost communication",
    "serial_open_failed": "unable to connect",
    "serial_no_such_port": "unable to connect",
    "serial_permission_denied": "unable to connect",
    "serial_port_busy": "unable to connect",
    "serial_io_error": "unable to connect",
    "mcu_can_open_failed": "unable to connect",
    "mcu_connect_timeout": "unable to connect",
    "mcu_unable_to_connect": "unable to connect",
    "mcu_serial_closed": "lost communication",
    "mcu_protocol_error": "error",
    "mcu_command_mismatch": "error",
    "mcu_clock_mismatch": "error",
    "mcu_reset_failed": "error",
    "mcu_config_failed": "error",
}


def last_said(log: dict[str, Any], name: str) -> dict[str, Any] | None:
    """What klippy.log's facts last say about MCU `name`: {state, line, lineno, version, mcu, reason, path}.
    state: connected (its identification: "Loaded MCU" / "MCU 'x' config"), unable to connect, lost
    communication, shutdown, error; None when the log says nothing about it. `mcu` is the MCU type of the
    log's last identification of it, whatever came after. Order is by line number; an
    identification without one (an older snapshot) counts as last only when no failure is recorded."""
    best: dict[str, Any] | None = None
    best_line = -1
    for ev in log.get("events") or []:
        if not isinstance(ev, dict) or ev.get("name") != name:
            continue
        state = _SAID.get(str(ev.get("kind")))
        if state is None:
            continue
        line_no = ev.get("last_lineno") or ev.get("lineno") or 0
        if isinstance(line_no, int) and line_no >= best_line:
            best_line = line_no
            best = {"state": state, "kind": ev.get("kind"), "line": ev.get("line"), "lineno": line_no}
            if ev.get("reason"):
                best["reason"] = ev["reason"]
            if ev.get("repeats"):
                best["repeats"] = ev["repeats"]
    ident = next((m for m in log.get("mcus") or [] if isinstance(m, dict) and m.get("name") == name), None)
    if ident is not None:
        ident_line = ident.get("lineno")
        if best is None or (isinstance(ident_line, int) and ident_line > best_line):
            best = {"state": "connected", "lineno": ident_line, "line": ident.get("line")}
            for key in ("version", "mcu"):
                if ident.get(key):
                    best[key] = ident[key]
        elif ident.get("mcu"):
            best["mcu"] = ident["mcu"]  # the MCU type an earlier identification in the log gave
    if best is not None:
        best = {k: v for k, v in best.items() if v is not None}
        if log.get("path"):
            best["path"] = log["path"]
    return best


def _attach_logs(ctx: Any, cfg_paths: list[Path], mcus: list[dict[str, Any]], logs: dict[str, dict[str, Any]]) -> None:
    """Each MCU's `log`: what its instance's klippy.log last said about it (--klippy-log when one printer.cfg)."""
    home = Path(ctx.home)
    named = getattr(ctx, "klippy_log", None)
    for cfg_path in cfg_paths:
        path = Path(named) if named and len(cfg_paths) == 1 else instance_log(cfg_path, home)
        if path is None:
            continue
        key = str(path)
        if key not in logs:
            if len(logs) >= MAX_LOGS or not path.is_file():
                continue
            try:
                logs[key] = read_log_tail(path).get("log") or {"path": key}
            except OSError:
                continue
        for m in mcus:
            if len(cfg_paths) > 1 and m.get("instance") != cfg_path.parent.parent.name:
                continue
            said = last_said(logs[key], str(m.get("name") or "mcu"))
            m["log"] = said if said is not None else {"state": "not mentioned", "path": key}


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
    logs: dict[str, dict[str, Any]] = {}  # klippy.log path -> its log facts (each read once)
    if log_path is not None and log_path.is_file():
        try:
            logged = read_log_tail(log_path)
        except OSError as exc:
            facts["log"] = {"path": str(log_path), "origin": "live", "error": str(exc)}
        else:
            facts["log"] = logged.get("log", {"path": str(log_path), "origin": "live"})
            logs[str(log_path)] = facts["log"]
            if "printer_cfg" not in facts and logged.get("printer_cfg"):
                facts["printer_cfg"] = logged["printer_cfg"]
    if cfg_paths:
        _attach_logs(ctx, cfg_paths, facts["printer_cfg"]["mcus"], logs)
    if not facts:
        return {NAMESPACE: {"status": "unavailable", "reason": f"no Klipper installation found under {home} (no .config, printer.cfg or klippy.log)"}}
    facts["status"] = "ok"
    return {NAMESPACE: facts}
