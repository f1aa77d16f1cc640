"""The start-up cache in ~/.cache/mcu-doctor (XDG_CACHE_HOME): data derived from doctor's own texts.

Each file is keyed by a hash of everything it was derived from (and of the Python version where the
derivation depends on it), so an edited knowledge file or message row is never served stale; a cache
that cannot be read, is malformed or cannot be written is simply not used. Several installs or checkouts
may share the folder: a few files of each kind are kept, the oldest dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def path(parts: list[tuple[str, str]], kind: str) -> Path:
    digest = hashlib.sha256()
    for name, text in parts:
        digest.update(f"{name}\0{text}\0".encode("utf-8"))
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mcu-doctor" / f"{kind}-{digest.hexdigest()[:24]}.json"


MAX_BYTES = 16 << 20  # the largest cache file read (doctor writes under 1 MiB; a bigger one is not ours)


def read(where: Path) -> Any:
    """The cached JSON value, or None (missing, unreadable, too big or not JSON)."""
    try:
        with open(where, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None
        return json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return None


def write(where: Path, value: Any) -> None:
    try:
        text = json.dumps(value)
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = where.with_name(f".{where.name}.{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, where)
        kind = where.name.rsplit("-", 1)[0]
        others = sorted((p for p in where.parent.glob(f"{kind}-*.json") if p != where), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[3:]:
            old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        pass
