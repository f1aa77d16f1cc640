#!/usr/bin/env python3
"""After-flash wait per transport on the Katapult emulator: when the wait is announced, and when it ends.

    python3 benchmarks/bench_app_wait.py [--runs 5] [--json]

For each transport (uart at 1 Mbaud on a pty, usb with by-id links that change name, can on python-can's virtual
bus) and each outcome (the application answers; a silent application: an image with no Klipper data dictionary;
no valid application: the bootloader comes back), the board starts in Katapult, doctor sends COMPLETE
(drivers.katapult.Session.complete) and waits (Session.wait_application). Measured from the moment
wait_application is called, median of --runs: `announce`, the seconds until the announcement of what is awaited;
`end`, the seconds until the wait returned. References in the same run: the transport's limit
(drivers.app_wait.AppWait.limit(), what the announcement promises at most), and the driver's wait before issue
11 (`earlier`: its loop as it was at commit ccdf0ca, reproduced below, silent until it gave up; CAN was not
waited for at all then).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from doctor.drivers.app_wait import AppWait  # noqa: E402
from doctor.drivers.katapult import Options, Session  # noqa: E402
from doctor.sim import images  # noqa: E402
from doctor.sim.images import klipper_image  # noqa: E402
from doctor.sim.katapult import board_in_bootloader  # noqa: E402

SIZE = 8 * 1024
UUID = "0123456789ab"
SERIAL = "SIM0123456789"


def earlier_wait(port: str, kind: str, baud: int, wait_port: float = 8.0) -> None:
    """The driver's wait_application before issue 11 (ccdf0ca): nothing said until it ends."""
    import os

    from doctor.drivers.katapult import wait_reappear
    from doctor.protocols import katapult as kp
    from doctor.protocols import klipper

    time.sleep(0.15)
    if kind == "usb":
        wait_reappear(port, wait_port, gone_first=False)
    deadline = time.monotonic() + wait_port
    while time.monotonic() < deadline:
        if not os.path.exists(port):
            time.sleep(0.1)
            continue
        try:
            transport = kp.SerialTransport(port, baud)
        except kp.KatapultError:
            time.sleep(0.2)
            continue
        try:
            klipper.KlipperClient(transport).identify(timeout=3.0)
            return
        except (klipper.ProtocolError, kp.KatapultError):
            pass
        finally:
            transport.close()


def silent_image() -> bytes:
    return images.silent_image(SIZE)


def one(transport: str, app: bytes | None, n: int, earlier: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        board = board_in_bootloader(d, transport, app, serial=SERIAL, uuid=UUID, channel=f"bench-wait-{n}")
        board.start()
        try:
            if transport == "can":
                s = Session(Options(can_iface=f"bench-wait-{n}", uuid=UUID, can_interface="virtual"))
            elif transport == "usb":
                s = Session(Options(port=str(d / "by-id" / f"usb-katapult_stm32f103xe_{SERIAL}-if00"), transport="usb"))
            else:
                s = Session(Options(port=str(d / "port"), baud=1_000_000, transport="uart"))
            s.enter()
            s.complete()
            marks: list[float] = []
            start = time.monotonic()
            if earlier:
                port = str(d / "port") if transport == "uart" else str(d / "by-id" / f"usb-Klipper_stm32f103xe_{SERIAL}-if00")
                earlier_wait(port, transport, 1_000_000)
                return {"end": time.monotonic() - start}
            result = s.wait_application(announce=lambda text: marks.append(time.monotonic()))
            end = time.monotonic() - start
            return {"announce": marks[0] - start, "end": end, "status": result.get("status")}
        finally:
            board.stop()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    sys.setswitchinterval(0.0005)
    outcomes = {"answers": klipper_image(SIZE, seed=5), "silent": silent_image(), "bootloader": None}
    rows = []
    n = 0
    for transport in ("uart", "usb", "can"):
        limit = AppWait(transport, reenumerate=Options().wait_port).limit()
        for outcome, app in outcomes.items():
            if transport == "uart" and outcome == "bootloader":
                continue  # on a UART the bootloader coming back is silence to identify: the "silent" row
            runs, before = [], []
            for _ in range(args.runs):
                n += 1
                runs.append(one(transport, app, n))
                if transport != "can":
                    n += 1
                    before.append(one(transport, app, n, earlier=True)["end"])
            rows.append({
                "transport": transport, "outcome": outcome, "status": sorted({r["status"] for r in runs}),
                "announce_median": round(statistics.median(r["announce"] for r in runs), 4),
                "announce_max": round(max(r["announce"] for r in runs), 4),
                "end_median": round(statistics.median(r["end"] for r in runs), 3),
                "end_max": round(max(r["end"] for r in runs), 3),
                "limit": limit, "earlier": round(statistics.median(before), 3) if before else None,
            })
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"{'transport':9} {'outcome':10} {'status':12} {'announce s':>10} {'end s (median/max)':>19} {'limit s':>8} {'earlier s':>9}")
        for r in rows:
            earlier = f"{r['earlier']:9.3f}" if r["earlier"] is not None else f"{'-':>9}"
            print(f"{r['transport']:9} {r['outcome']:10} {','.join(r['status']):12} {r['announce_median']:10.4f} "
                  f"{r['end_median']:9.3f}/{r['end_max']:<9.3f} {r['limit']:8.1f} {earlier}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
