"""An ESP boot loop (the chip resetting over and over, its ROM lines repeated) is read in time linear in its length:
esptool's finish() drops the ROM, entry and repeated boot-header events in one pass (a list.remove per event made 20,000
boots take 4.7 s of 7.4 s). Five times the boots may cost about five times the time, never the twenty-five of a
quadratic pass."""

from __future__ import annotations

import time

from doctor.parsers import parse_stream

_BOOT = """ets Jun  8 2016 00:22:57

rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)
configsip: 0, SPIWP:0xee
mode:DIO, clock div:2
load:0x3fff0030,len:1344
load:0x40078000,len:13864
load:0x40080400,len:3608
entry 0x400805f0
"""


def _seconds(boots: int) -> tuple[float, dict]:
    lines = ("esptool.py v4.5\n" + _BOOT * boots).splitlines(keepends=True)
    best = float("inf")
    out: dict = {}
    for _ in range(3):
        t = time.process_time()  # CPU time: another test process on the same core does not count
        out = parse_stream(lines, "boot.txt")
        best = min(best, time.process_time() - t)
    return best, out


def test_a_long_boot_loop_is_read_in_linear_time() -> None:
    small, _ = _seconds(2_000)
    large, out = _seconds(10_000)
    assert large < small * 8  # linear: about 5x; the quadratic removal was 13x here, and grows with the loop
    runs = (out.get("flash") or {}).get("runs") or []
    assert not any(e["kind"] in ("esp_boot_entry", "esp_rom_boot") for run in runs for e in run.get("events") or [])
