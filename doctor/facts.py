"""The facts snapshot: one versioned JSON document that is the bug report, the test fixture and the replay input.

A snapshot is a plain dict (see doctor.schema for every field). This module creates, merges,
loads and saves snapshots; it never judges them.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any, Iterable

from doctor import __version__
from doctor.errors import SnapshotError
from doctor.schema import SCHEMA, SCHEMA_VERSION

Facts = dict[str, Any]

# Namespaces whose lists are concatenated when snapshots are merged.
_LIST_KEYS = {
    ("usb", "devices"),
    ("serial", "ports"),
    ("serial", "by_id"),
    ("serial", "by_path"),
    ("serial", "nodes"),
    ("serial", "missing"),
    ("kernel", "attempts"),
    ("kernel", "events"),
    ("can", "interfaces"),
    ("can", "queries"),
    ("can", "nodes"),
    ("can", "links"),
    ("can", "modules"),
    ("host", "udev_rules"),
    ("host", "processes"),
}


def new(mode: str) -> Facts:
    """An empty snapshot for `mode` (scan | analyze | replay)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "doctor_version": __version__,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "mode": mode,
        "sources": [],
    }


def unavailable(reason: str, status: str = "unavailable") -> dict[str, Any]:
    """The fact a probe returns when it cannot run: a fact, never a crash."""
    return {"status": status, "reason": reason}


def merge(into: Facts, part: Facts) -> Facts:
    """Merge `part` into `into`: namespaces are combined, known lists concatenated, runs appended."""
    for ns, value in part.items():
        if ns in ("schema_version", "doctor_version", "created", "mode"):
            continue
        if isinstance(value, list):  # sources, tool_runs, parse_errors
            into.setdefault(ns, []).extend(value)
            continue
        if not isinstance(value, dict):
            into[ns] = value
            continue
        target = into.setdefault(ns, {})
        for key, item in value.items():
            if isinstance(item, list) and ((ns, key) in _LIST_KEYS or key == "runs" or key == "events"):
                target.setdefault(key, []).extend(item)
            elif isinstance(item, dict) and isinstance(target.get(key), dict):
                _merge_dict(target[key], item)
            elif key == "status" and target.get("status") == "ok":
                continue  # one source that worked keeps the namespace "ok"
            else:
                target[key] = item
    return into


def _merge_dict(into: dict[str, Any], part: dict[str, Any]) -> None:
    for key, item in part.items():
        if isinstance(item, dict) and isinstance(into.get(key), dict):
            _merge_dict(into[key], item)
        elif isinstance(item, list) and isinstance(into.get(key), list):
            into[key].extend(item)
        else:
            into[key] = item


def runs(facts: Facts, namespace: str) -> list[dict[str, Any]]:
    """The tool runs recorded under `namespace` (empty when there are none)."""
    ns = facts.get(namespace)
    if not isinstance(ns, dict):
        return []
    value = ns.get("runs")
    return value if isinstance(value, list) else []


def iter_events(facts: Facts) -> Iterable[tuple[str, dict[str, Any]]]:
    """Every event in the snapshot with the namespace it came from."""
    for ns, value in facts.items():
        if not isinstance(value, dict):
            continue
        for event in value.get("events", []) or []:
            yield ns, event
        for run in value.get("runs", []) or []:
            for event in run.get("events", []) or []:
                yield ns, event
        if ns == "klipper":
            for event in (value.get("log") or {}).get("events", []) or []:
                yield "klipper.log", event


def dumps(facts: Facts) -> str:
    return json.dumps(facts, indent=2, sort_keys=False, default=str) + "\n"


def save(facts: Facts, path: str | Path) -> None:
    Path(path).write_text(dumps(facts), encoding="utf-8")


def load(path: str | Path) -> Facts:
    """Read and validate a snapshot file; a file that is not one raises SnapshotError with what is wrong."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"cannot read snapshot {p}: {exc.strerror or exc}", "check the path and its permissions") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(
            f"{p} is not a doctor snapshot: not valid JSON ({exc})",
            "pass the .json file that `doctor report` or `doctor scan --json` wrote",
        ) from exc
    return validate(data, str(p))


def validate(data: Any, name: str = "snapshot") -> Facts:
    if isinstance(data, dict) and "snapshot" in data and isinstance(data["snapshot"], dict):
        data = data["snapshot"]  # the JSON that `doctor scan --json` prints wraps it
    if not isinstance(data, dict):
        raise SnapshotError(f"{name} is not a doctor snapshot: the top level is not an object")
    version = data.get("schema_version")
    if not isinstance(version, int):
        raise SnapshotError(f"{name} is not a doctor snapshot: it has no schema_version")
    if version > SCHEMA_VERSION:
        raise SnapshotError(
            f"{name} has schema version {version}, newer than this doctor understands ({SCHEMA_VERSION})",
            "upgrade doctor: pip install -U mcu-doctor",
        )
    for ns, value in data.items():
        if ns in SCHEMA and isinstance(SCHEMA[ns], dict) and value is not None and not isinstance(value, dict):
            raise SnapshotError(f"{name}: namespace '{ns}' should be an object, not {type(value).__name__}")
    return data


_NOT_CONTENT = {"source", "lineno", "first_line", "last_line", "repeats", "last_lineno"}


def _content_key(obj: Any) -> Any:
    """A hashable form of a run or event without where it was found (source, line numbers)."""
    if isinstance(obj, dict):
        return tuple(sorted((k, _content_key(v)) for k, v in obj.items() if k not in _NOT_CONTENT))
    if isinstance(obj, list):
        return tuple(_content_key(v) for v in obj)
    return obj


def _hashable_key(obj: dict[str, Any]) -> Any:
    """_content_key as a dictionary key, or None when a value cannot be hashed. Most events hold scalars
    only: their sorted items are the key, without walking them."""
    try:
        key: Any = tuple(sorted((k, v) for k, v in obj.items() if k not in _NOT_CONTENT))
        hash(key)
        return key
    except TypeError:
        pass
    try:
        key = _content_key(obj)
        hash(key)
        return key
    except TypeError:
        return None


def collapse_repeats(facts: Facts) -> Facts:
    """Fold runs that say the same thing into one with a `repeats` count (forum threads paste the same
    output again and again): the diagnosis and its evidence are unchanged, the rules see one run."""
    for value in facts.values():
        if not isinstance(value, dict):
            continue
        found = value.get("runs")
        if not isinstance(found, list) or len(found) < 2:
            continue
        seen: dict[Any, dict[str, Any]] = {}
        kept: list[Any] = []
        for run in found:
            if not isinstance(run, dict):
                kept.append(run)
                continue
            key = _hashable_key(run)
            if key is None:
                kept.append(run)
                continue
            first = seen.get(key)
            if first is None:
                seen[key] = run
                kept.append(run)
            else:
                first["repeats"] = first.get("repeats", 1) + 1
        value["runs"] = kept
    for value in facts.values():
        if isinstance(value, dict):
            _collapse_events(value, 0)
    return facts


MAX_SAME_EVENTS = 4  # copies of one identical event kept (rules count up to `> 3`); the rest add to `repeats`


def _collapse_events(obj: dict[str, Any], depth: int) -> None:
    """Fold identical events (same kind and text: a restart loop logs the same serial error thousands of
    times) into at most MAX_SAME_EVENTS copies, the first carrying `repeats` (how many in all) and
    `last_lineno`: the rules' work stays bounded by what the log says, not by how long it says it."""
    events = obj.get("events")
    if isinstance(events, list) and len(events) > MAX_SAME_EVENTS:
        counts: dict[Any, list[Any]] = {}
        kept: list[Any] = []
        for ev in events:
            if not isinstance(ev, dict):
                kept.append(ev)
                continue
            key = _hashable_key(ev)
            if key is None:
                kept.append(ev)
                continue
            seen = counts.get(key)
            if seen is None:
                counts[key] = [ev, 1]
                kept.append(ev)
            else:
                seen[1] += 1
                if seen[1] <= MAX_SAME_EVENTS:
                    kept.append(ev)
                else:
                    first = seen[0]
                    first["repeats"] = seen[1]
                    if isinstance(ev.get("lineno"), int):
                        first["last_lineno"] = ev["lineno"]
        if len(kept) < len(events):
            obj["events"] = kept
    if depth < 2:
        for key, value in obj.items():
            if isinstance(value, dict):
                _collapse_events(value, depth + 1)
            elif isinstance(value, list) and key != "events":
                for item in value:
                    if isinstance(item, dict):
                        _collapse_events(item, depth + 1)

