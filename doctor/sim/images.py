"""Synthetic firmware images for the simulated boards, the tests and the benchmark.

`klipper_image()` builds what `make` in a Klipper checkout produces, in miniature: a Cortex-M vector table
linked at `link_address`, code-like filler, and Klipper's data dictionary embedded as a zlib stream of
JSON (app, version, config.MCU, CLOCK_FREQ), so doctor.firmware can tell MCU, version and link offset.
Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import struct
import zlib


def dictionary(mcu: str, version: str = "v0.12.0-100-gsimulated", clock: int = 72_000_000) -> dict[str, object]:
    """A data dictionary in Klipper's format (doctor.protocols.klipper.example_dictionary) for `mcu`."""
    from doctor.protocols.klipper import example_dictionary

    return example_dictionary(mcu, version, clock_freq=clock)


def silent_image(size: int, seed: int = 3) -> bytes:
    """A valid vector table and no Klipper data dictionary: an application that runs but never answers (the wait
    after a flash must end on its own: tests/test_app_wait.py, benchmarks/bench_app_wait.py)."""
    rng = random.Random(seed)
    return struct.pack("<16I", 0x20005000, *[0x08002201 + 2 * i for i in range(15)]) + bytes(rng.getrandbits(8) for _ in range(size - 64))


def klipper_image(
    size: int = 64 * 1024,
    *,
    mcu: str = "stm32f103xe",
    link_address: int = 0x08002000,
    stack_top: int = 0x20005000,
    version: str = "v0.12.0-100-gsimulated",
    seed: int = 1,
) -> bytes:
    """A `size`-byte Klipper-like .bin linked at `link_address` for `mcu`."""
    rng = random.Random(seed)
    reset = link_address + 0x200 + 1  # thumb
    vectors = [stack_top, reset] + [link_address + 0x300 + 2 * i + 1 for i in range(14)]
    head = struct.pack("<16I", *vectors)
    blob = zlib.compress(json.dumps(dictionary(mcu, version), separators=(",", ":")).encode(), 9)
    filler_len = size - len(head) - len(blob)
    if filler_len < 0:
        raise ValueError(f"{size} bytes is too small for a vector table and a data dictionary ({len(head) + len(blob)})")
    filler = bytes(rng.getrandbits(8) for _ in range(filler_len))
    cut = min(0x400, filler_len)
    return head + filler[:cut] + blob + filler[cut:]
