"""doctor.watch: event sources (replay, queue, live) and wait_for."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from doctor import watch
from doctor.watch import QueueSource, Recording, ReplaySource, UsbEvent, wait_for

DATA = Path(__file__).parent / "watch"


def test_every_recording_loads_sorted() -> None:
    for path in sorted(DATA.glob("*.json")):
        rec = Recording.load(path)
        assert rec.events or rec.name == "plug-nothing", path
        assert [e.time for e in rec.events] == sorted(e.time for e in rec.events)
        assert all(e.line for e in rec.events)


def test_replay_virtual_clock_costs_no_real_time() -> None:
    src = ReplaySource.load(DATA / "caterina-window.json")
    start = time.monotonic()
    first = wait_for(src, watch.is_add("1b4f", "9205"), timeout=5.0)
    assert first is not None and first.time == pytest.approx(1.4)
    gone = wait_for(src, lambda e: e.action == "remove" and e.vid == "1b4f", timeout=10.0)
    assert gone is not None and gone.time - first.time == pytest.approx(8.0)
    assert time.monotonic() - start < 0.5


def test_wait_for_times_out_on_the_virtual_clock_and_keeps_what_it_saw() -> None:
    src = ReplaySource.load(DATA / "rom-dfu-wrong-device.json")
    seen: list[UsbEvent] = []
    assert wait_for(src, watch.is_add("0483", "df11"), timeout=10.0, seen=seen) is None
    assert src.now() == pytest.approx(10.0)
    assert [e.ident for e in seen if e.action == "add"] == ["1a86:7523"]


def test_window_closes_before_a_late_event() -> None:
    src = ReplaySource.load(DATA / "dfu-appears.json")
    assert wait_for(src, watch.is_add("0483", "df11"), timeout=2.0) is None
    hit = wait_for(src, watch.is_add("0483", "df11"), timeout=5.0)
    assert hit is not None and hit.role == "rom-dfu"


def test_classification_fills_roles() -> None:
    rec = Recording.load(DATA / "app-to-katapult.json")
    adds = [e for e in rec.events if e.action == "add" and e.subsystem != "tty"]
    assert adds[0].role == "katapult" and adds[0].ident == "1d50:6177"


def test_storm_lines_count_as_descriptor_errors() -> None:
    rec = Recording.load(DATA / "storm-71.json")
    errors = [e for e in rec.events if watch.is_descriptor_error(e)]
    assert len(errors) >= 4
    assert not any(watch.is_descriptor_error(e) for e in Recording.load(DATA / "plug-klipper.json").events)


def test_queue_source_delivers_pushed_events_across_threads() -> None:
    src = QueueSource()

    def simulator() -> None:
        time.sleep(0.05)
        src.push({"action": "add", "vid": "1D50", "pid": "6177", "manufacturer": "katapult", "product": "rp2040"})

    t = threading.Thread(target=simulator)
    t.start()
    ev = wait_for(src, watch.is_add(role="katapult"), timeout=2.0)
    t.join()
    assert ev is not None and ev.vid == "1d50" and ev.line and "6177" in ev.line
    start = time.monotonic()
    assert wait_for(src, watch.is_add(), timeout=0.1) is None
    assert 0.09 <= time.monotonic() - start < 0.5


def test_bad_recordings_are_refused() -> None:
    with pytest.raises(ValueError):
        Recording.from_json({"events": [{"action": "plugged"}]})
    with pytest.raises(ValueError):
        Recording.from_json({"nothing": 1})


def test_kmsg_record_format() -> None:
    assert watch.parse_kmsg_record("6,1234,5678,-;usb 1-1: new full-speed USB device number 5\n SUBSYSTEM=usb\n") == (
        "usb 1-1: new full-speed USB device number 5"
    )


def test_recording_round_trips_through_json() -> None:
    rec = Recording.load(DATA / "dfu-appears.json")
    again = Recording.from_json(rec.to_json())
    assert [(e.action, e.ident, e.time) for e in again.events] == [(e.action, e.ident, e.time) for e in rec.events]


def test_live_source_opens_or_says_why(tmp_path: Path) -> None:
    fake = tmp_path / "kmsg"
    fake.write_text("")
    src = watch.UdevSource(kmsg=str(fake))
    try:
        assert src.available["kernel"] is True
        start = time.monotonic()
        assert list(src.events(0.05)) == []
        assert time.monotonic() - start < 1.0
    finally:
        src.close()
    missing = watch.UdevSource(kmsg=str(tmp_path / "absent"))
    assert missing.available["kernel"] is False and any("not readable" in p for p in missing.problems)
    missing.close()


class _Adapted:
    """A real pyudev device from a umockdev testbed, seen as the monitor would report it (add/remove)."""

    def __init__(self, device: object, action: str) -> None:
        self._d = device
        self.action = action

    def __getattr__(self, name: str) -> object:
        return getattr(self._d, name)


@pytest.mark.umockdev
@pytest.mark.skipif(not os.path.exists("/usr/bin/umockdev-run"), reason="umockdev not installed")
def test_udev_event_from_real_pyudev_devices(tmp_path: Path) -> None:
    import subprocess
    import sys

    desc = tmp_path / "klipper.umockdev"
    desc.write_text((Path(__file__).parent / "watch" / "klipper-usb-serial.umockdev").read_text())
    script = (
        "import pyudev, json, sys\n"
        "sys.path.insert(0, %r)\n"
        "from test_watch import _Adapted\n"
        "from doctor.watch import udev_event\n"
        "ctx = pyudev.Context()\n"
        "out = []\n"
        "for d in ctx.list_devices():\n"
        "    for action in ('add', 'remove'):\n"
        "        ev = udev_event(_Adapted(d, action), 1.0)\n"
        "        if ev: out.append(ev.to_fact())\n"
        "print(json.dumps(out))\n"
    ) % str(Path(__file__).parent)
    proc = subprocess.run(["umockdev-run", "-d", str(desc), "--", sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    import json

    events = json.loads(proc.stdout)
    usb_add = [e for e in events if e["subsystem"] == "usb" and e["action"] == "add"]
    tty_add = [e for e in events if e["subsystem"] == "tty" and e["action"] == "add"]
    assert usb_add[0]["vid"] == "1d50" and usb_add[0]["pid"] == "614e" and usb_add[0]["role"] == "klipper"
    assert usb_add[0]["product"] == "stm32h723xx" and usb_add[0]["port_path"] == "1-2"
    assert tty_add[0]["tty"] == "/dev/ttyACM0" and tty_add[0]["vid"] == "1d50" and tty_add[0]["port_path"] == "1-2"
    usb_remove = [e for e in events if e["subsystem"] == "usb" and e["action"] == "remove"]
    assert (usb_remove[0]["vid"], usb_remove[0]["pid"]) == ("1d50", "614e")  # from PRODUCT=, all a remove event has
    assert "role" not in usb_remove[0]
