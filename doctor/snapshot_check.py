"""Input from strangers, checked before use: bounded reads of files a user names, and snapshots validated in depth.

Contracts:
- `read_bounded(path, limit)` never reads more than `limit + 1` bytes, and refuses devices (/dev/zero,
  /dev/sda) before reading; a FIFO or a pipe is read up to the limit. Too large: UsageError (exit 4).
- `open_text(path)` / `text_stream(stream)` give a binary stream for the text parsers that ends after
  MAX_TEXT_BYTES on anything but a regular file (whose size at opening bounds it), and refuses binary
  noise (a stream of NULs) early.
- `load(path)` / `validate(data)` accept a snapshot only when every object and list is where the schema
  declares one and every declared scalar is a scalar (None allowed, but not as an item of a list of objects), nesting is at most MAX_DEPTH, there are at most MAX_NODES values, strings are at most
  MAX_STR characters, integers fit in 64 bits, floats are finite, and schema_version is an integer from 1
  to this doctor's version. Anything else is a SnapshotError (exit 4) naming the first bad path; nothing
  raised here is ever a traceback. Undeclared keys are allowed (newer producers) under the same limits.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
from pathlib import Path
from typing import IO, Any

from doctor.errors import SnapshotError, UsageError
from doctor.schema import SCHEMA, SCHEMA_VERSION

MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024
MAX_TEXT_BYTES = 64 * 1024 * 1024  # of a pipe, FIFO or terminal; a regular file is bounded by its size
MAX_DEPTH = 48
MAX_NODES = 4_000_000
MAX_STR = 4 * 1024 * 1024
MAX_INT_DIGITS = 20  # |n| < 2**64 needs at most 20 digits
_INT_LIMIT = 2**64
_NUL_PROBE = 64 * 1024  # bytes looked at to tell text from binary noise


# --- bounded reads ------------------------------------------------------------------------------------------


def _kind(st: os.stat_result) -> str:
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        return "pipe"
    if stat.S_ISDIR(st.st_mode):
        return "folder"
    return "device"


def open_input(path: str | Path) -> IO[bytes]:
    """Open a file a user or the host names for reading without waiting: a FIFO nobody writes to would block
    `open()` forever, so it is opened non-blocking, then switched back (a FIFO whose writer is there, e.g.
    `<(command)`, is read as usual; one with no writer reads as empty). OSError as open() raises it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_head(path: str | Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file a probe reads (system configs, sysfs and /proc attributes, a
    printer.cfg): never waits on a FIFO, never reads a device; OSError for anything that is not a regular file."""
    with open_input(path) as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return fh.read(limit)


def read_bounded(path: str | Path, limit: int, what: str = "file", hint: str | None = None) -> bytes:
    """The bytes of a file a user named, at most `limit` of them (checked before reading: devices are refused,
    a regular file's size is looked at first, a pipe is read to limit + 1 bytes only)."""
    p = Path(path)
    try:
        with open_input(p) as fh:
            st = os.fstat(fh.fileno())
            kind = _kind(st)
            if kind == "device":
                raise UsageError(f"{p} is a device, not a {what}", hint)
            if kind == "folder":
                raise UsageError(f"{p} is a folder, not a {what}", hint)
            if kind == "file" and st.st_size > limit:
                raise UsageError(f"{p} is {st.st_size} bytes: larger than any {what} doctor reads ({limit} bytes)", hint)
            raw = fh.read(limit + 1)
    except IsADirectoryError as exc:
        raise UsageError(f"{p} is a folder, not a {what}", hint) from exc
    except OSError as exc:
        raise UsageError(f"cannot read {what} {p}: {exc.strerror or exc}", hint or "check the path and its permissions") from exc
    if len(raw) > limit:
        raise UsageError(f"{p} holds more than {limit} bytes: larger than any {what} doctor reads", hint)
    return raw


class BoundedStream:
    """A binary stream that ends after `limit` bytes (then `truncated` is set) and refuses NUL noise at its start."""

    def __init__(self, raw: IO[bytes], name: str, limit: int | None) -> None:
        self._raw = raw
        self.name = name
        self.limit = limit
        self.read_bytes = 0
        self.truncated = False
        self._probed = False

    def _take(self, data: bytes) -> bytes:
        if not self._probed:
            self._probed = True
            if data and data.count(0) > len(data) // 2:
                raise UsageError(f"{self.name} is binary data (mostly NUL bytes), not text", "pass the tool output or log as a text file")
        if self.limit is not None and self.read_bytes + len(data) > self.limit:
            data = data[: self.limit - self.read_bytes]
            self.truncated = True
        self.read_bytes += len(data)
        return data

    def read(self, size: int = -1) -> bytes:
        if self.limit is not None and self.read_bytes >= self.limit:
            self.truncated = self.truncated or bool(self._raw.read(1))
            return b""
        want = _NUL_PROBE if size is None or size < 0 else size
        if not self._probed:
            want = max(want, _NUL_PROBE)
            data = self._raw.read(want)
            # a pipe gives what it has: gather the probe's worth (or the end) before judging
            while data and len(data) < _NUL_PROBE:
                more = self._raw.read(_NUL_PROBE - len(data))
                if not more:
                    break
                data += more
            return self._take(data)
        return self._take(self._raw.read(want))

    def close(self) -> None:
        self._raw.close()


def text_stream(raw: IO[bytes], name: str) -> BoundedStream:
    """`raw` (an open binary stream) bounded for the text parsers: a device that is not a terminal is refused,
    a pipe or terminal ends after MAX_TEXT_BYTES, a regular file after its size at opening."""
    try:
        st = os.fstat(raw.fileno())
    except (OSError, AttributeError, ValueError):
        return BoundedStream(raw, name, MAX_TEXT_BYTES)
    kind = _kind(st)
    if kind == "folder":
        raise UsageError(f"{name} is a folder; pass the files in it", f"doctor analyze {name.rstrip('/')}/*")
    if kind == "device" and not os.isatty(raw.fileno()):
        raise UsageError(f"{name} is a device, not a text", "pass the tool output or log as a text file")
    return BoundedStream(raw, name, st.st_size if kind == "file" else MAX_TEXT_BYTES)


def open_text(path: str) -> BoundedStream:
    """A user-named text file opened for the parsers, bounded (see `text_stream`)."""
    try:
        fh = open_input(path)
    except IsADirectoryError as exc:
        raise UsageError(f"{path} is a folder; pass the files in it", f"doctor analyze {path.rstrip('/')}/*") from exc
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return text_stream(fh, path)
    except BaseException:
        fh.close()
        raise


# --- snapshots ------------------------------------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"an integer of {len(text)} digits")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:30]} is not a finite number")
    return value


def parse(raw: bytes, name: str = "snapshot") -> Any:
    """Strict JSON: no NaN/Infinity, no integers beyond 64 bits, no overflowing floats, bounded nesting."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SnapshotError(f"{name} is not a doctor snapshot: not valid JSON (not UTF-8 text: {exc.reason} at byte {exc.start})") from exc
    depth = _max_depth(text)
    if depth > MAX_DEPTH + 2:  # the "snapshot" wrapper of `scan --json` adds one level
        raise SnapshotError(f"{name} is not a doctor snapshot: nested {depth} levels deep (at most {MAX_DEPTH})")
    try:
        return json.loads(text, parse_constant=_no_constant, parse_int=_bounded_int, parse_float=_finite_float)
    except RecursionError as exc:
        raise SnapshotError(f"{name} is not a doctor snapshot: nested too deeply") from exc
    except ValueError as exc:  # JSONDecodeError is one
        raise SnapshotError(
            f"{name} is not a doctor snapshot: not valid JSON ({str(exc)[:200]})",
            "pass the .json file that `doctor report` or `doctor scan --json` wrote",
        ) from exc


def _max_depth(text: str) -> int:
    """The bracket nesting of a JSON text outside its strings (checked before the parser recurses into it)."""
    depth = best = 0
    for m in _BRACKET.finditer(_STRING.sub('""', text)):
        if m.group(0) in "[{":
            depth += 1
            if depth > best:
                best = depth
                if best > MAX_DEPTH + 2:
                    return best
        else:
            depth -= 1
    return best


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def load(path: str | Path) -> dict[str, Any]:
    """Read (bounded) and validate a snapshot file; SnapshotError (exit 4) says what is wrong."""
    p = Path(path)
    try:
        raw = read_bounded(p, MAX_SNAPSHOT_BYTES, "snapshot", "pass the .json file that `doctor report` or `doctor scan --json` wrote")
    except UsageError as exc:
        raise SnapshotError(exc.message, exc.hint) from exc
    return validate(parse(raw, str(p)), str(p))


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "an integer", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _want(spec: Any) -> str:
    if isinstance(spec, dict):
        return "an object"
    if isinstance(spec, list):
        return "a list"
    return {"str": "a string", "int": "an integer", "float": "a number", "bool": "true/false"}.get(spec, str(spec))


def validate(data: Any, name: str = "snapshot") -> dict[str, Any]:
    """`data` as a snapshot, or SnapshotError naming the first value that is not what the schema declares."""
    if isinstance(data, dict) and isinstance(data.get("snapshot"), dict):
        data = data["snapshot"]  # the JSON that `doctor scan --json` and `doctor report` print wraps it
    if not isinstance(data, dict):
        raise SnapshotError(f"{name} is not a doctor snapshot: the top level is not an object")
    version = data.get("schema_version")
    if version is None:
        raise SnapshotError(f"{name} is not a doctor snapshot: it has no schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SnapshotError(f"{name} is not a doctor snapshot: schema_version is {json.dumps(version)[:40]}, not a version number")
    if version > SCHEMA_VERSION:
        raise SnapshotError(
            f"{name} has schema version {version}, newer than this doctor understands ({SCHEMA_VERSION})",
            "upgrade doctor: pip install -U mcu-doctor",
        )
    nodes = 0
    # iterative walk (no recursion to exhaust): (value, schema node or None for undeclared, path, depth)
    stack: list[tuple[Any, Any, str, int]] = [(data, SCHEMA, "", 0)]
    while stack:
        value, spec, path, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise SnapshotError(f"{name}: more than {MAX_NODES} values: too large to be a doctor snapshot")
        if depth > MAX_DEPTH:
            raise SnapshotError(f"{name}: {path or 'the top level'} is nested more than {MAX_DEPTH} levels deep")
        if value is None:
            continue
        where = path or "the top level"
        if isinstance(value, bool):
            pass
        elif isinstance(value, int):
            if not -_INT_LIMIT < value < _INT_LIMIT:
                raise SnapshotError(f"{name}: {where} is an integer beyond 64 bits")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise SnapshotError(f"{name}: {where} is not a finite number")
        elif isinstance(value, str):
            if len(value) > MAX_STR:
                raise SnapshotError(f"{name}: {where} is a string of {len(value)} characters (at most {MAX_STR})")
        elif not isinstance(value, (dict, list)):
            raise SnapshotError(f"{name}: {where} is {_type_name(value)}, which JSON has not")
        if spec is not None and spec != "any":
            # containers must be what the schema says; a declared scalar may be any scalar (producers write
            # avrdude's limit "4k" or a code "0x0a" into int fields; consumers compare, never compute, on them)
            ok = (
                isinstance(value, dict) if isinstance(spec, dict)
                else isinstance(value, list) if isinstance(spec, list)
                else not isinstance(value, (dict, list))
            )
            if not ok:
                raise SnapshotError(f"{name}: {where} should be {_want(spec)}, not {_type_name(value)}",
                                    "the file was changed by hand or by another program; write it again with `doctor report`")
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise SnapshotError(f"{name}: {where} has a key that is not a string")
                sub = spec.get(key) if isinstance(spec, dict) else None
                stack.append((item, sub, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            sub = spec[0] if isinstance(spec, list) and spec else None
            for i, item in enumerate(value):
                if item is None and isinstance(sub, (dict, list)):
                    raise SnapshotError(f"{name}: {path}[{i}] should be {_want(sub)}, not null")
                stack.append((item, sub, f"{path}[{i}]", depth + 1))
    return data


# --- watch recordings ---------------------------------------------------------------------------------------

MAX_RECORDING_BYTES = 16 * 1024 * 1024
MAX_RECORDING_EVENTS = 100_000


def load_recording(path: str | Path) -> dict[str, Any]:
    """A `doctor watch --replay` recording read (bounded) and checked: {"events": [{scalar fields}...], name,
    description, meta}; UsageError (exit 4) otherwise. Pass the result to watch.ReplaySource."""
    p = Path(path)
    hint = "pass a recording written as in tests/watch/*.json"
    raw = read_bounded(p, MAX_RECORDING_BYTES, "recording", hint)
    try:
        data = parse(raw, str(p))
    except SnapshotError as exc:
        raise UsageError(exc.message.replace("doctor snapshot", "doctor watch recording"), hint) from exc
    if isinstance(data, list):
        data = {"events": data}
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise UsageError(f"{p} is not a recording: it needs an `events` list", hint)
    events = data["events"]
    if len(events) > MAX_RECORDING_EVENTS:
        raise UsageError(f"{p} holds {len(events)} events: more than a recording doctor replays ({MAX_RECORDING_EVENTS})", hint)
    for key in ("name", "description"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise UsageError(f"{p}: `{key}` should be a string", hint)
    if data.get("meta") is not None and not isinstance(data["meta"], dict):
        raise UsageError(f"{p}: `meta` should be an object", hint)
    for i, ev in enumerate(events):
        if not isinstance(ev, dict):
            raise UsageError(f"{p}: event {i} is not an object", hint)
        for key, value in ev.items():
            if isinstance(value, (dict, list)):
                raise UsageError(f"{p}: event {i}'s `{key}` should be a plain value, not {_type_name(value)}", hint)
            if key == "code" and value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise UsageError(f"{p}: event {i}'s `code` should be an integer, not {_type_name(value)}", hint)
            if key not in ("at", "time", "code") and value is not None and not isinstance(value, str):
                raise UsageError(f"{p}: event {i}'s `{key}` should be a string, not {_type_name(value)}", hint)
            if isinstance(value, str) and len(value) > 65536:
                raise UsageError(f"{p}: event {i}'s `{key}` is {len(value)} characters long", hint)
        at = ev.get("at", ev.get("time"))
        if at is not None and (isinstance(at, bool) or not isinstance(at, (int, float)) or not -1e9 < at < 1e9):
            raise UsageError(f"{p}: event {i} has no usable time `at` (seconds from the start)", hint)
    return data


# --- strict JSON out ------------------------------------------------------------------------------------------


def _finite(obj: Any) -> Any:
    """`obj` with NaN and infinities replaced by None (iteratively for lists and dicts: no recursion limit)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if not isinstance(obj, (dict, list, tuple)):
        return obj
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(obj, root, 0)]
    while stack:
        src, parent, slot = stack.pop()
        if isinstance(src, float) and not math.isfinite(src):
            parent[slot] = None
        elif isinstance(src, dict):
            copy: dict[Any, Any] = dict(src)
            parent[slot] = copy
            stack.extend((v, copy, k) for k, v in src.items() if isinstance(v, (dict, list, tuple, float)))
        elif isinstance(src, (list, tuple)):
            items = list(src)
            parent[slot] = items
            stack.extend((v, items, i) for i, v in enumerate(items) if isinstance(v, (dict, list, tuple, float)))
        else:
            parent[slot] = src
    return root[0]


def strict_json(data: Any, **kwargs: Any) -> str:
    """json.dumps that never writes NaN or Infinity (RFC 8259): they become null. Other values as `default=str`."""
    try:
        return json.dumps(data, allow_nan=False, default=str, **kwargs)
    except ValueError:
        return json.dumps(_finite(data), allow_nan=False, default=str, **kwargs)
