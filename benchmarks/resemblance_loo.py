#!/usr/bin/env python3
"""Each thread of doctor's resemblance index read as if it were new (left out of the index), in both of the modes
`doctor.resemblance.guess` has: as a text with an unexplained failure (`failed`) and as one showing none (`silent`).

Prints per mode: how often a cause is named, and how often it is the thread's own (its `expect`'s first id); for the
healthy threads (`none`), how often the silent mode names a cause at all (a false alarm). The index's word list and
rarities still count the left-out thread (a small optimism). Usage: benchmarks/resemblance_loo.py [--show N]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from doctor import resemblance  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print this many false alarms of the silent mode")
    args = ap.parse_args()
    t0 = time.perf_counter()
    idx = resemblance.index()
    if idx is None:
        print("no index: python -m doctor.resemblance build", file=sys.stderr)
        return 1
    rows = {"failed": [0, 0, 0], "silent": [0, 0, 0]}  # threads with a cause, named, right
    alarms = []
    healthy = 0
    by_thread = idx.words_by_thread()
    for j, t in enumerate(idx.threads):
        words = [idx.vocab[i] for i in by_thread[j]]
        for mode in ("failed", "silent"):
            got = resemblance.guess(words, failed=mode == "failed", exclude=j)
            if t["id"] == "none":
                if mode == "silent":
                    healthy += 1
                    if got:
                        alarms.append((t["case"], got["id"]))
                continue
            row = rows[mode]
            row[0] += 1
            if got:
                row[1] += 1
                row[2] += got["id"] == t["id"]
    for mode, (n, named, right) in rows.items():
        print(f"{mode:7s} {n} threads with a cause: named {named} ({100 * named / max(n, 1):.0f}%), right {right} "
              f"({100 * right / max(named, 1):.0f}% of those named, {100 * right / max(n, 1):.0f}% of all)")
    print(f"healthy {healthy} threads: silent mode names a cause on {len(alarms)} ({100 * len(alarms) / max(healthy, 1):.1f}%)")
    for case, fid in alarms[: args.show]:
        print(f"  false alarm {fid}: {case}")
    print(f"{time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
