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
from doctor.schema import SCHEMA_VERSION

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
    ("klipper", "can_builds"),
    ("can", "queries"),
    ("can", "nodes"),
    ("can", "links"),
    ("can", "modules"),
    ("host", "udev_rules"),
    ("host", "processes"),
    ("text", "overcome"),  # (healthy2 s9) lines parsers know were overcome (klippy's retried connect, a tty closed after unplug)
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


def recognised(facts: Facts) -> list[str]:
    """The tools and logs the parsers found in pasted text (its `sources`' blocks), in order of first appearance."""
    return list(dict.fromkeys(
        str(b["tool"]) for s in facts.get("sources") or [] if isinstance(s, dict)
        for b in s.get("blocks") or [] if isinstance(b, dict) and b.get("tool")
    ))


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
    """Write a snapshot (--save FILE); a place that cannot be written is a usage error (exit 4), not a crash."""
    try:
        Path(path).write_text(dumps(facts), encoding="utf-8")
    except OSError as exc:
        from doctor.errors import UsageError

        raise UsageError(f"cannot write {path}: {exc.strerror or exc}", "choose another file with --save FILE") from exc


def load(path: str | Path) -> Facts:
    """Read (bounded) and validate in depth a snapshot file; a file that is not one raises SnapshotError (exit 4).
    The checks live in doctor.snapshot_check."""
    from doctor import snapshot_check

    return snapshot_check.load(path)


def validate(data: Any, name: str = "snapshot") -> Facts:
    from doctor import snapshot_check

    return snapshot_check.validate(data, name)


_NOT_CONTENT = {"source", "lineno", "first_line", "last_line", "repeats", "last_lineno"}


def _content_key(obj: Any) -> Any:
    """A hashable form of a run or event without where it was found (source, line numbers)."""
    if isinstance(obj, dict):
        return tuple(sorted((k, _content_key(v)) for k, v in obj.items() if k not in _NOT_CONTENT))
    if isinstance(obj, list):
        return tuple(_content_key(v) for v in obj)
    return obj


NO_KEY = object()  # hashable_key's answer for content that cannot be hashed


def hashable_key(obj: Any) -> Any:
    """_content_key as a dictionary key, or NO_KEY when a value cannot be hashed. Most events are dicts of
    scalars only: their sorted items are the key, without walking them (the same key _content_key gives)."""
    if isinstance(obj, dict):
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
        return NO_KEY


# What a flashing tool prints while the board is not there yet (QMK and dfu-programmer retry until the person
# presses RESET; picotool and st-info are run again after BOOTSEL or a replug).
WAITING_KINDS = frozenset({"bootloader_not_found", "no_dfu_device", "rp2040_not_found", "stlink_not_found", "usb_programmer_not_found",
                           "katapult_no_device", "waiting_for_device", "waiting_new_port"})


def mark_stall(facts: Facts, line: str, lineno: Any, source: Any, tool: Any) -> None:
    """Record a text that ends with its tool still waiting, or a run that ended before it had a device (`text.stalls`):
    GEN001 quotes it only when no failure line and no successful run is shown anywhere."""
    facts.setdefault("text", {}).setdefault("stalls", []).append(
        {"line": line.strip()[:500], "lineno": lineno, "source": source, "tool": tool})


def mark_overcome(facts: Facts, marks: Iterable[tuple[Any, Any]]) -> None:
    """Record failure lines something overcame, as (source, lineno), in `text.overcome`. A parser that knows a failure
    was overcome marks its lines and never prunes `text.failures`: every reader sees the standing ones through
    derive.failure_lines / unexplained_failures, which honour the marks."""
    # in line order, whatever the caller gives (a set from arduino/esptool): the facts JSON is the same for every hash seed
    new = [{"source": src, "lineno": n} for src, n in sorted((m for m in marks if isinstance(m[1], int)), key=lambda m: (str(m[0]), m[1]))]
    if not new:
        return
    text = facts.setdefault("text", {})
    existing = text.setdefault("overcome", []) if isinstance(text, dict) else None
    if isinstance(existing, list):
        existing.extend(new)


def overcome_event(ev: dict[str, Any], kind: str, retried: bool = False) -> None:
    """A failing event the same text got past (another device's interface, an open or a search retried, a scan's port
    that a later connection made moot, an exit status after the tool's own success): renamed to `kind`, no longer a
    failure, and benign, so the failure scan's copy of its line is overcome too (derive._standing)."""
    ev["kind"] = kind
    if retried:
        ev["retried"] = True
    ev.pop("fail", None)
    ev["benign"] = True


def clear_run_failure(run: dict[str, Any]) -> None:
    """A run marked failed none of whose events still fails (they were overcome): it is no longer known to have failed."""
    if run.get("success") is False and not any(isinstance(e, dict) and e.get("fail") for e in run.get("events") or []):
        run.pop("success", None)


def drop_overcome_waits(facts: Facts) -> Facts:
    """Pasted runs that only say the board was not there yet, followed in the same text by a run that wrote
    to it successfully, were a wait the person ended (a retry loop, a replug, RESET pressed): they are not
    failures, so they leave the facts (counted in `runs_overcome`)."""
    done: dict[Any, int] = {}  # source -> the last line of a successful write
    for value in facts.values():
        for run in (value.get("runs") or []) if isinstance(value, dict) else []:
            if isinstance(run, dict) and run.get("success") is True and (run.get("written") or run.get("verified") or run.get("validated")
                                                                    or run.get("download_complete")):  # dfu-util: "Download done."
                lines: list[int] = [int(e["lineno"]) for e in run.get("events") or [] if isinstance(e, dict) and isinstance(e.get("lineno"), int)]
                if lines:
                    src = run.get("source")
                    done[src] = max(done.get(src, 0), max(lines))
    if not done:
        return facts
    for value in list(facts.values()):  # a "text" namespace may be added below
        runs = value.get("runs") if isinstance(value, dict) else None
        if not isinstance(runs, list):
            continue
        kept = []
        for run in runs:
            events = [e for e in (run.get("events") or []) if isinstance(e, dict)] if isinstance(run, dict) else []
            last = max((e["lineno"] for e in events if isinstance(e.get("lineno"), int)), default=None)
            if (events and run.get("success") is not True and all(e.get("kind") in WAITING_KINDS for e in events if e.get("fail"))
                    and any(e.get("kind") in WAITING_KINDS for e in events)
                    and last is not None and run.get("source") in done and last < done[run.get("source")]):
                value["runs_overcome"] = int(value.get("runs_overcome") or 0) + 1
                mark_overcome(facts, ((run.get("source"), e.get("lineno")) for e in events))
                continue
            kept.append(run)
        value["runs"] = kept
    return facts


def collapse_repeats(facts: Facts, keys: dict[int, tuple[Any, Any]] | None = None) -> Facts:
    """Fold runs that say the same thing into one with a `repeats` count (forum threads paste the same
    output again and again): the diagnosis and its evidence are unchanged, the rules see one run. Identical
    events are folded too (`_collapse_events`); waits a later successful write ended are dropped.

    `keys` (compact, while a text is parsed): id(run) -> (run, its content key) as the previous call left it. A closed
    run does not change between two compactions and folding its events again changes nothing, so its key is not
    walked again (a forum paste's thousands of runs, each with its events, at every compaction)."""
    drop_overcome_waits(facts)
    for value in facts.values():
        if isinstance(value, dict) and isinstance(value.get("runs"), list) and len(value["runs"]) > 1:
            value["runs"] = _fold(value["runs"], keep=1, last_line=False, keys=keys)
    for value in facts.values():
        if isinstance(value, dict):
            _collapse_events(value, 0, keys or None)
    if keys is not None:
        live: dict[int, tuple[Any, Any]] = {}
        for value in facts.values():
            runs = value.get("runs") if isinstance(value, dict) else None
            if isinstance(runs, list):
                for run in runs:
                    if isinstance(run, dict):
                        got = keys.get(id(run))
                        if got is None or got[0] is not run:  # new since the last call: its key now its events are folded
                            got = (run, hashable_key(run))
                        live[id(run)] = got
        keys.clear()
        keys.update(live)
    return facts


MAX_SAME_EVENTS = 4  # copies of one identical event kept (rules count up to `> 3`); the rest add to `repeats`


def _fold(items: list[Any], keep: int, last_line: bool, keys: dict[int, tuple[Any, Any]] | None = None) -> list[Any]:
    """Items with the same content (where they were found aside) past the first `keep` copies are dropped;
    the first copy counts them all in `repeats` (and, with last_line, names the last one's `last_lineno`).
    `keys`: content keys already known (collapse_repeats)."""
    counts: dict[Any, list[Any]] = {}
    kept: list[Any] = []
    for item in items:
        if keys is not None and (got := keys.get(id(item))) is not None and got[0] is item:
            key = got[1]
        else:
            key = hashable_key(item) if isinstance(item, dict) else NO_KEY
        if key is NO_KEY:
            kept.append(item)
            continue
        n = item.get("repeats") if isinstance(item.get("repeats"), int) and item["repeats"] > 0 else 1  # folded before
        seen = counts.get(key)
        if seen is None:
            counts[key] = [item, n, 1]
            kept.append(item)
            continue
        seen[1] += n
        seen[2] += 1
        if seen[2] <= keep:
            kept.append(item)
            continue
        first = seen[0]
        first["repeats"] = seen[1]
        if last_line and isinstance(item.get("lineno"), int):
            first["last_lineno"] = item["lineno"]
    return kept


def _collapse_events(obj: dict[str, Any], depth: int, done: dict[int, tuple[Any, Any]] | None = None) -> None:
    """Fold identical events (same kind and text: a restart loop logs the same serial error thousands of
    times) into at most MAX_SAME_EVENTS copies, the first carrying `repeats` (how many in all) and
    `last_lineno`: the rules' work stays bounded by what the log says, not by how long it says it.
    `done` (collapse_repeats' keys): the runs the previous compaction folded and keyed, unchanged since (closed runs):
    folding them again would change nothing (each of their events' contents has at most MAX_SAME_EVENTS copies left),
    so they are not walked again (session 20: a forum paste's thousands of runs, at each compaction)."""
    events = obj.get("events")
    if isinstance(events, list) and len(events) > MAX_SAME_EVENTS:
        kept = _fold(events, keep=MAX_SAME_EVENTS, last_line=True)
        if len(kept) < len(events):
            obj["events"] = kept
    if depth < 2:
        for key, value in obj.items():
            if isinstance(value, dict):
                _collapse_events(value, depth + 1)
            elif isinstance(value, list) and key != "events":
                for item in value:
                    if isinstance(item, dict):
                        if done is not None and depth == 0 and key == "runs":
                            got = done.get(id(item))
                            if got is not None and got[0] is item:
                                continue
                        _collapse_events(item, depth + 1)


MAX_RUN_EVENTS = 20000  # events a namespace's runs hold together (a text of a thousand long blocks): whole runs beyond


def bound_run_events(facts: Facts, budget: int = MAX_RUN_EVENTS) -> Facts:
    """Keep the events of a namespace's runs bounded: when its runs hold more than `budget` events together, the first
    runs and the latest ones are kept, about budget/2 events' worth each (at least one run each), and the runs between
    are dropped whole and counted in `runs_omitted`: a run keeps all its events, so what a rule reads of one run stays
    true. Below the budget nothing changes (no real paste comes near it)."""
    for value in facts.values():
        if not isinstance(value, dict):
            continue
        runs = value.get("runs")
        if not isinstance(runs, list) or len(runs) < 3:
            continue
        sizes = [len(r.get("events") or []) if isinstance(r, dict) else 0 for r in runs]
        if sum(sizes) <= budget:
            continue
        half = budget // 2
        head = used = 0
        while head < len(runs) - 1 and (head == 0 or used + sizes[head] <= half):
            used += sizes[head]
            head += 1
        tail = used = 0
        while len(runs) - tail > head + 1 and (tail == 0 or used + sizes[len(runs) - 1 - tail] <= half):
            used += sizes[len(runs) - 1 - tail]
            tail += 1
        dropped = len(runs) - head - tail
        if dropped > 0:
            value["runs_omitted"] = int(value.get("runs_omitted") or 0) + dropped
            value["runs"] = runs[:head] + runs[len(runs) - tail:]
    return facts


def compact(facts: Facts, max_runs: int, keys: dict[int, tuple[Any, Any]] | None = None) -> Facts:
    """Keep a growing snapshot bounded while a long text is parsed (doctor.parsers calls it every few hundred
    blocks): repeated runs are folded (collapse_repeats, a `repeats` count); then a namespace keeps at most
    `max_runs` runs (`runs`, `queries`: the first half and the latest, `runs_omitted` counts the rest) and at
    most `max_runs` items in any other list (`events`, `log.events`, `log.mcus`...: the first of every distinct
    item, the latest ones, `KEY_omitted` counts the rest). Below these sizes nothing changes. `keys`: the runs'
    content keys from the previous compaction of the same facts (collapse_repeats)."""
    collapse_repeats(facts, keys)
    for value in facts.values():
        if not isinstance(value, dict):
            continue
        for key in ("runs", "queries"):
            found = value.get(key)
            if isinstance(found, list) and len(found) > max_runs:
                half = max_runs // 2
                value["runs_omitted"] = int(value.get("runs_omitted") or 0) + len(found) - max_runs
                value[key] = found[:half] + found[-(max_runs - half):]
        for holder in (value, value.get("log")):
            if not isinstance(holder, dict):
                continue
            for key, items in list(holder.items()):
                if key not in ("runs", "queries") and isinstance(items, list) and len(items) > max_runs:
                    holder[key], dropped = thin_events(items, max_runs // 2, max_firsts=max_runs // 2)
                    holder[f"{key}_omitted"] = int(holder.get(f"{key}_omitted") or 0) + dropped
    bound_run_events(facts)
    return facts


def thin_events(events: list[Any], recent: int, max_firsts: int | None = None, per_kind: int | None = None) -> tuple[list[Any], int]:
    """Of all but the latest `recent` items, the first of every distinct content (at most `max_firsts` of them, at most
    `per_kind` of one event kind), then the latest `recent`, in their order; and how many were dropped. compact()
    thins a namespace's long lists with it, Parser.event a block's events."""
    older = events[:len(events) - recent]
    seen: set[Any] = set()
    count: dict[Any, int] = {}
    kept: list[Any] = []
    for i, ev in enumerate(older):
        if max_firsts is not None and len(kept) >= max_firsts:
            break
        key = hashable_key(ev)
        if key is NO_KEY:
            key = (NO_KEY, i)
        if key in seen:
            continue
        if per_kind is not None:
            kind = ev.get("kind") if isinstance(ev, dict) else None
            if count.get(kind, 0) >= per_kind:
                continue
            count[kind] = count.get(kind, 0) + 1
        seen.add(key)
        kept.append(ev)
    kept += events[len(older):]
    return kept, len(events) - len(kept)
