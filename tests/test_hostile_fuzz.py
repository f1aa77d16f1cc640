"""Fuzzing snapshots and firmware images (issue 13): bad input is exit 4 (or a diagnosis), never a traceback,
never a hang. Snapshots are generated from the knowledge base's example snapshots (which follow the schema)
plus mutations of every kind: a value replaced by another type, null, a huge or negative number, a long or
hostile string, a list repeated, a level nested deeper. Images are generated valid ELF, Intel HEX, UF2 and bin
files, then truncated, corrupted, given huge counts, addresses and sizes, and stuffed with compressed data.
"""

from __future__ import annotations

import copy
import io
import json
import struct
import zlib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doctor import firmware, knowledge
from doctor.cli import main
from doctor.errors import DoctorError
from doctor.status import ExitCode

SEEDS: list[dict[str, Any]] = []
for _entry in knowledge.load():
    for _ex in _entry.examples:
        SEEDS.append({"schema_version": 1, **copy.deepcopy(_ex["facts"])})

ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 2**63 - 1, -(2**63), 1.5, -1e300, "", "x" * 5000, "\x1b]0;title\x07\x1b[2J", "[link=https://evil.example]x[/link]",
    "0x2ba01477; exec touch PWNED", "can0;reboot", "k} [exec touch PWNED] {", "$(reboot)", "\n\n", "1d50", "zz", [], {}, [None], [1, "a"], {"a": {"b": []}},
]


def _paths(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, path + (i,))
    return out


def _set(obj: Any, path: tuple[Any, ...], value: Any) -> None:
    for k in path[:-1]:
        obj = obj[k]
    obj[path[-1]] = value


@st.composite
def snapshots(draw: st.DrawFn) -> dict[str, Any]:
    snap = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 5))):
        paths = [p for p in _paths(snap) if p and p != ("schema_version",)]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        cur: Any = snap
        for k in path:
            cur = cur[k]
        how = draw(st.sampled_from(["odd", "same-type", "repeat", "nest"]))
        if how == "odd":
            new: Any = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif how == "same-type" and isinstance(cur, str):
            new = draw(st.text(max_size=60))
        elif how == "same-type" and isinstance(cur, bool):
            new = not cur
        elif how == "same-type" and isinstance(cur, int):
            new = draw(st.integers(-(2**63) + 1, 2**63 - 1))
        elif how == "same-type" and isinstance(cur, float):
            new = draw(st.floats(allow_nan=False, allow_infinity=False))
        elif how == "repeat" and isinstance(cur, list):
            new = cur * draw(st.integers(0, 40))
        else:
            new = cur
            for _ in range(draw(st.integers(1, 60))):
                new = [new] if draw(st.booleans()) else {"x": new}
        _set(snap, path, new)
    return snap


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, err.getvalue()


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(snapshots(), st.sampled_from(["replay", "replay-json", "report", "fix"]))
def test_fuzzed_snapshots_never_crash(tmp_path_factory: pytest.TempPathFactory, snap: dict[str, Any], command: str) -> None:
    path = tmp_path_factory.mktemp("fz") / "s.json"
    path.write_text(json.dumps(snap))
    argv = {
        "replay": ["replay", str(path)],
        "replay-json": ["replay", "--json", str(path)],
        "report": ["report", "--from", str(path), "-o", "-"],
        "fix": ["fix", "--dry-run", "--from", str(path), "USB004"],
    }[command]
    rc, err = _run(argv)
    assert rc != ExitCode.INTERNAL and "Traceback" not in err, err[-1500:]


# --- images --------------------------------------------------------------------------------------------------


def _elf(load: int, payload: bytes) -> bytes:
    ehdr = b"\x7fELF\x01\x01\x01" + bytes(9) + struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, load, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    phdr = struct.pack("<IIIIIIII", 1, 84, load, load, len(payload), len(payload), 5, 4)
    return ehdr + phdr + payload


def _hex(load: int, payload: bytes) -> bytes:
    lines = []
    upper = load >> 16
    rec = bytes([2, 0, 0, 4, upper >> 8, upper & 0xFF])
    lines.append(":" + rec.hex().upper() + f"{(-sum(rec)) & 0xFF:02X}")
    for off in range(0, len(payload), 16):
        chunk = payload[off : off + 16]
        addr = (load + off) & 0xFFFF
        rec = bytes([len(chunk), addr >> 8, addr & 0xFF, 0]) + chunk
        lines.append(":" + rec.hex().upper() + f"{(-sum(rec)) & 0xFF:02X}")
    lines.append(":00000001FF")
    return ("\n".join(lines) + "\n").encode()


def _uf2(load: int, payload: bytes, family: int = 0xE48BFF56) -> bytes:
    blocks = []
    n = max(1, (len(payload) + 255) // 256)
    for i in range(n):
        data = payload[i * 256 : (i + 1) * 256].ljust(476, b"\0")
        blocks.append(struct.pack("<8I", 0x0A324655, 0x9E5D5157, 0x2000, (load + i * 256) & 0xFFFFFFFF, 256, i, n, family) + data + struct.pack("<I", 0x0AB16F30))
    return b"".join(blocks)


def _vector_bin(size: int) -> bytes:
    body = struct.pack("<II", 0x20005000, 0x08002101) + bytes(range(256)) * (size // 256)
    return body[:size]


@st.composite
def images(draw: st.DrawFn) -> bytes:
    payload = _vector_bin(draw(st.integers(8, 4096)))
    load = draw(st.sampled_from([0x08000000, 0x08002000, 0x10000000, 0x00000000, 0xFFFFFF00]))
    kind = draw(st.sampled_from(["elf", "hex", "uf2", "bin"]))
    raw = bytearray({"elf": _elf, "hex": _hex, "uf2": _uf2, "bin": lambda a, p: p}[kind](load, payload))
    for _ in range(draw(st.integers(0, 4))):
        how = draw(st.sampled_from(["truncate", "byte", "huge", "zlib", "append", "nest"]))
        if how == "truncate" and raw:
            del raw[draw(st.integers(0, len(raw) - 1)) :]
        elif how == "byte" and raw:
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        elif how == "huge" and len(raw) >= 8:
            at = draw(st.integers(0, len(raw) - 4))
            raw[at : at + 4] = struct.pack("<I", draw(st.sampled_from([0xFFFFFFFF, 0x7FFFFFFF, 0xFFFF, 0x10000000])))
        elif how == "zlib":
            raw += zlib.compress(b"\0" * (1 << 20), 9) * draw(st.integers(1, 50))
        elif how == "append":
            raw += draw(st.binary(max_size=600))
        else:  # compressed data inside compressed data
            blob = b'{"app": "Klipper", "config": {"MCU": "stm32f103xe"}}'
            for _ in range(draw(st.integers(1, 30))):
                blob = zlib.compress(blob)
            raw += blob
    return bytes(raw)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(images())
def test_fuzzed_images_are_refused_or_checked_never_a_crash(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("img") / "fw.img"
    path.write_bytes(raw)
    try:
        image = firmware.load(path)
    except DoctorError:
        return
    firmware.check(image, firmware.Target.for_mcu("stm32f103xe", 0x08002000, bootloader="Katapult"))


@pytest.mark.parametrize(
    "raw",
    [
        b"\x7fELF",
        b"\x7fELF\x01\x01" + bytes(30),
        _elf(0x08000000, b"abcd")[:60],
        struct.pack("<8I", 0x0A324655, 0x9E5D5157, 0, 0x08000000, 0xFFFFFFFF, 0, 0xFFFFFFFF, 0) + bytes(476) + struct.pack("<I", 0x0AB16F30),
        b":02000004FFFF\n:10000000" + b"00" * 16 + b"F0\n:00000001FF\n",
        zlib.compress(b"\0" * (4 << 20), 9) * 2000,  # 8 MB of zlib streams, each inflating to 4 MB
        b"\x78\x9c" * (4 << 20),  # every other byte a zlib header
    ],
    ids=["elf-4-bytes", "elf-truncated-header", "elf-truncated-segment", "uf2-huge-counts", "hex-top-address", "zlib-bombs", "zlib-headers"],
)
def test_flash_dry_run_on_hostile_images_exits_cleanly(tmp_path: Path, raw: bytes) -> None:
    import subprocess
    import sys

    path = tmp_path / "fw.bin"
    path.write_bytes(raw)
    proc = subprocess.run([sys.executable, "-m", "doctor", "flash", "--dry-run", str(path), "--via", "dfu", "--address", "0x8000000", "--mcu", "stm32f446xx"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode in (0, 3, 4), proc.stderr[-1500:]
    assert "Traceback" not in proc.stderr


RECORDINGS = [json.loads(p.read_text()) for p in sorted((Path(__file__).parent / "watch").glob("*.json"))]


@st.composite
def recordings(draw: st.DrawFn) -> Any:
    rec = copy.deepcopy(draw(st.sampled_from(RECORDINGS)))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(rec) if p]
        _set(rec, draw(st.sampled_from(paths)), copy.deepcopy(draw(st.sampled_from(ODD_VALUES))))
    return rec


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(recordings())
def test_fuzzed_watch_recordings_never_crash(tmp_path_factory: pytest.TempPathFactory, rec: Any) -> None:
    path = tmp_path_factory.mktemp("rec") / "r.json"
    path.write_text(json.dumps(rec))
    rc, err = _run(["watch", "--replay", str(path), "--guide", "plug"])
    assert rc != ExitCode.INTERNAL and "Traceback" not in err, err[-1500:]


# --- snapshots generated from the schema itself ------------------------------------------------------------------

HOSTILE_TEXT = st.sampled_from(["\x1b]0;title\x07\x1b[2J", "[link=https://evil.example]x[/link]", "[/]", "0x2ba01477; exec touch PWNED",
                                "can0;reboot", "k} [exec touch PWNED] {", "$(reboot)", "\n\n", "x" * 3000, "\u202eevil", "\x00"])


def _leaf(kind: Any, wrong: bool) -> st.SearchStrategy[Any]:
    ints = st.integers(-(2**63) + 1, 2**63 - 1)
    floats = st.floats(allow_nan=False, allow_infinity=False)
    texts = st.one_of(st.text(max_size=40), HOSTILE_TEXT)
    scalar = st.one_of(st.none(), st.booleans(), ints, floats, texts)
    if wrong:  # a value of another shape where a scalar is declared: an object or a list
        return st.one_of(st.just([]), st.just({}), st.lists(scalar, max_size=3), st.dictionaries(st.text(max_size=5), scalar, max_size=2))
    return {"str": st.one_of(st.none(), texts), "int": st.one_of(st.none(), ints), "float": st.one_of(st.none(), floats, ints),
            "bool": st.one_of(st.none(), st.booleans())}.get(kind, scalar)


def from_schema(spec: Any, wrong: bool = False, depth: int = 0) -> st.SearchStrategy[Any]:
    """Facts shaped as doctor.schema.SCHEMA declares them (each field optional, lists short); with `wrong`, some
    values anywhere take a shape the schema does not declare there."""
    if isinstance(spec, dict):
        fields = {k: from_schema(v, wrong, depth + 1) for k, v in spec.items()}
        return st.fixed_dictionaries({}, optional=fields)
    if isinstance(spec, list):
        item = from_schema(spec[0] if spec else "any", wrong, depth + 1)
        lists = st.lists(item, max_size=2 if depth > 2 else 3)
        return st.one_of(lists, _leaf("str", True) if wrong else lists) if wrong else lists
    leaf = _leaf(spec, False)
    return st.one_of(leaf, leaf, leaf, _leaf(spec, True)) if wrong else leaf


_BUILT: dict[tuple[str, bool], st.SearchStrategy[Any]] = {}


def _namespace(name: str, wrong: bool) -> st.SearchStrategy[Any]:
    from doctor.schema import SCHEMA

    if (name, wrong) not in _BUILT:  # built once: the schema is large
        _BUILT[name, wrong] = from_schema(SCHEMA[name], wrong)
    return _BUILT[name, wrong]


@st.composite
def schema_snapshots(draw: st.DrawFn, wrong: bool) -> dict[str, Any]:
    from doctor.schema import SCHEMA

    names = draw(st.lists(st.sampled_from(sorted(n for n in SCHEMA if n != "schema_version")), min_size=1, max_size=4, unique=True))
    snap: dict[str, Any] = {"schema_version": 1}
    for name in names:
        snap[name] = draw(_namespace(name, wrong))
    return snap


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(schema_snapshots(wrong=False), st.sampled_from(["replay", "replay-json", "report", "fix"]))
def test_snapshots_the_schema_allows_are_accepted_and_never_crash(tmp_path_factory: pytest.TempPathFactory, snap: dict[str, Any], command: str) -> None:
    """Generated from doctor.schema: a snapshot in the declared shapes passes validation (no exit 4 for the
    snapshot itself) and the commands read it without a traceback."""
    from doctor import snapshot_check

    snapshot_check.validate(snapshot_check.parse(json.dumps(snap).encode()))
    path = tmp_path_factory.mktemp("sc") / "s.json"
    path.write_text(json.dumps(snap))
    argv = {"replay": ["replay", str(path)], "replay-json": ["replay", "--json", str(path)],
            "report": ["report", "--from", str(path), "-o", "-"], "fix": ["fix", "--dry-run", "--from", str(path), "USB004"]}[command]
    rc, err = _run(argv)
    assert rc != ExitCode.INTERNAL and "Traceback" not in err, err[-1500:]
    if command != "fix":
        assert rc in (0, 1, 2), err[-1500:]


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(schema_snapshots(wrong=True), st.sampled_from(["replay", "report", "fix"]))
def test_snapshots_in_shapes_the_schema_does_not_declare_exit_4_or_work(tmp_path_factory: pytest.TempPathFactory, snap: dict[str, Any], command: str) -> None:
    path = tmp_path_factory.mktemp("sw") / "s.json"
    path.write_text(json.dumps(snap))
    argv = {"replay": ["replay", str(path)], "report": ["report", "--from", str(path), "-o", "-"],
            "fix": ["fix", "--dry-run", "--from", str(path), "USB004"]}[command]
    rc, err = _run(argv)
    assert rc != ExitCode.INTERNAL and "Traceback" not in err, err[-1500:]
    from doctor import snapshot_check
    from doctor.errors import SnapshotError

    try:
        snapshot_check.validate(snapshot_check.parse(json.dumps(snap).encode()))
    except SnapshotError:
        assert rc == ExitCode.USAGE, err[-500:]  # refused by the validator: exit 4, said on stderr
    else:
        assert command == "fix" or rc in (0, 1, 2), err[-1500:]  # accepted: read like any snapshot
