"""The bus over time: USB/tty hot-plug events and kernel-log lines as one stream of `UsbEvent`s.

An `EventSource` yields the events that arrive within a time window:

    for event in source.events(timeout=2.0): ...   # ends when the window closes (or the caller breaks)

Sources:
- `UdevSource`: the live host; pyudev's netlink monitor on the usb and tty subsystems, plus the
  kernel log from /dev/kmsg when this user may read it. Kernel lines are parsed by the analyze
  parsers (`doctor.parsers.parse_text`), so a live line and a pasted dmesg give the same facts.
- `ReplaySource`: a recorded sequence (JSON) on a virtual clock: tests and `doctor watch --replay`.
- `QueueSource`: a simulator pushes events (thread-safe).

`wait_for(source, predicate, timeout)` returns the first matching event or None when the window
closes. Nothing here changes the host: watching only reads.
"""

from __future__ import annotations

import os
import queue
import select
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

ACTIONS = ("add", "remove", "kernel")
KERNEL_CONTEXT = 12  # kernel lines kept as parsing context for the next ones


@dataclass
class UsbEvent:
    """One thing that happened on the bus. `action` is "add" | "remove" | "kernel"."""

    action: str
    vid: str | None = None
    pid: str | None = None
    manufacturer: str | None = None
    product: str | None = None
    serial: str | None = None
    port_path: str | None = None  # the USB port ("1-1.2"), stable across re-enumeration
    devnode: str | None = None  # /dev/bus/usb/001/005 or /dev/ttyACM0
    tty: str | None = None  # /dev/ttyACM0 for a tty event
    time: float = 0.0  # seconds (monotonic for live sources, the recording's clock for replays)
    line: str | None = None  # the kernel line, or a one-line description of the udev event
    subsystem: str | None = None  # usb | tty | kernel
    bcd_device: str | None = None
    role: str | None = None  # from doctor.devices.classify (klipper, katapult, rom-dfu, ...)
    role_name: str | None = None
    kind: str | None = None  # for kernel events: the parser's event kind (usb_new_device, usb_descriptor_error...)
    code: int | None = None  # for kernel events: the error code (-71, -32, -110)
    kernel: dict[str, Any] | None = None  # the full parsed kernel event

    @property
    def ident(self) -> str | None:
        return f"{self.vid}:{self.pid}" if self.vid and self.pid else None

    def to_fact(self) -> dict[str, Any]:
        """JSON-ready dict without the empty fields."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "UsbEvent":
        names = set(cls.__dataclass_fields__)
        ev = cls(**{k: v for k, v in data.items() if k in names})
        if ev.action not in ACTIONS:
            raise ValueError(f"unknown event action {ev.action!r} (expected one of {', '.join(ACTIONS)})")
        for attr in ("vid", "pid", "bcd_device"):
            value = getattr(ev, attr)
            if isinstance(value, str):
                setattr(ev, attr, value.lower().zfill(4))
        if ev.role is None and ev.vid and ev.pid and ev.action == "add":
            classify_into(ev)
        return ev

    def describe(self) -> str:
        """One line for a person: what appeared or went, and what it is."""
        if self.action == "kernel":
            return self.line or "(kernel)"
        what = self.ident or "?"
        name = " ".join(x for x in (self.manufacturer, self.product) if x)
        role = f" [{self.role_name or self.role}]" if self.role and self.role != "unknown" else ""
        where = self.tty or self.devnode or self.port_path or ""
        verb = "appeared" if self.action == "add" else "went away"
        return f"{what} {name}{role} {verb}{' at ' + where if where else ''}".replace("  ", " ")


def classify_into(ev: UsbEvent) -> None:
    """Fill role/role_name from doctor.devices (when that module is present)."""
    if not (ev.vid and ev.pid):
        return
    try:
        from doctor import devices
    except ImportError:
        return
    role = devices.classify(ev.vid, ev.pid, ev.manufacturer, ev.product, ev.bcd_device)
    ev.role, ev.role_name = role.role, role.name or None


class EventSource(Protocol):
    def events(self, timeout: float) -> Iterator[UsbEvent]:
        """Events arriving within `timeout` seconds from now; the iterator ends when the window closes."""
        ...


def now_of(source: Any) -> float:
    """The source's clock (a replay's virtual clock, or the monotonic clock)."""
    clock = getattr(source, "now", None)
    return float(clock()) if callable(clock) else time.monotonic()


def wait_for(
    source: EventSource,
    predicate: Callable[[UsbEvent], bool],
    timeout: float,
    *,
    seen: list[UsbEvent] | None = None,
    on_event: Callable[[UsbEvent], None] | None = None,
) -> UsbEvent | None:
    """The first event matching `predicate` within `timeout` s, else None. Every event seen is appended to `seen`."""
    deadline = now_of(source) + timeout
    while True:
        remaining = deadline - now_of(source)
        if remaining <= 0:
            return None
        got_any = False
        for ev in source.events(remaining):
            got_any = True
            if seen is not None:
                seen.append(ev)
            if on_event is not None:
                on_event(ev)
            if predicate(ev):
                return ev
        if not got_any and now_of(source) >= deadline:
            return None


# ---------------------------------------------------------------------------------------------
# Kernel log lines -> events (through the analyze parsers)


def kernel_events(
    lines: Iterable[str], *, at: float | list[float] = 0.0, source: str = "kmsg", context: Iterable[str] = ()
) -> list[UsbEvent]:
    """Parse kernel-log lines with the analyze parsers; one UsbEvent per parsed kernel event.

    `context`: lines seen just before (parsed again so multi-line messages such as `New USB device
    found` + `Product:` keep their meaning, but not reported again). `at`: one time for all lines,
    or one per line. Lines no parser recognises but that mention USB or a tty still become events
    (kind None), so the live view can show them.
    """
    lines = [ln for ln in lines if ln.strip()]
    ctx = [ln for ln in context if ln.strip()]
    if not lines:
        return []
    times = at if isinstance(at, list) else [float(at)] * len(lines)
    parsed: list[dict[str, Any]] = []
    try:
        from doctor.parsers import parse_text

        fragment = parse_text("\n".join(ctx + lines), source)
        parsed = list(((fragment.get("kernel") or {}).get("events")) or [])
    except Exception:  # noqa: BLE001 - the live view must go on even if a parser has a bug
        parsed = []
    out: list[tuple[int, UsbEvent]] = []
    used: set[int] = set()
    for event in parsed:
        lineno = event.get("lineno")
        if not isinstance(lineno, int) or lineno <= len(ctx):
            continue
        idx = lineno - len(ctx) - 1
        used.add(idx)
        code = event.get("code")
        out.append(
            (
                idx,
                UsbEvent(
                    action="kernel",
                    subsystem="kernel",
                    time=times[min(idx, len(times) - 1)],
                    line=str(event.get("line") or lines[idx].strip()),
                    kind=event.get("kind"),
                    code=code if isinstance(code, int) else None,
                    vid=event.get("vid"),
                    pid=event.get("pid"),
                    manufacturer=event.get("manufacturer"),
                    product=event.get("product"),
                    serial=event.get("serial"),
                    port_path=event.get("port"),
                    tty=event.get("tty"),
                    kernel=event,
                ),
            )
        )
    for idx, line in enumerate(lines):
        if idx not in used and _usb_related(line):
            out.append((idx, UsbEvent(action="kernel", subsystem="kernel", time=times[min(idx, len(times) - 1)], line=line.strip())))
    out.sort(key=lambda pair: pair[0])
    return [ev for _, ev in out]


def _usb_related(line: str) -> bool:
    low = line.lower()
    return any(word in low for word in ("usb", "tty", "cdc_acm", "ch341", "cp210x", "ftdi", "hub", "can"))


def parse_kmsg_record(record: str) -> str:
    """The message of one /dev/kmsg record ("pri,seq,usec,flags;message\\n continuation...")."""
    head, sep, message = record.partition(";")
    text = message if sep else head
    return text.split("\n", 1)[0].rstrip()


# ---------------------------------------------------------------------------------------------
# Live source


class UdevSource:
    """The live host: pyudev monitor (usb, tty) plus /dev/kmsg. `available` says what could be opened."""

    def __init__(self, *, kmsg: str | None = "/dev/kmsg", kernel: bool = True) -> None:
        self.problems: list[str] = []
        self.monitor: Any = None
        try:
            import pyudev

            self._context = pyudev.Context()
            monitor = pyudev.Monitor.from_netlink(self._context)
            monitor.filter_by("usb")
            monitor.filter_by("tty")
            monitor.start()
            self.monitor = monitor
        except Exception as exc:  # noqa: BLE001 - no udev (container, no netlink): a fact, not a crash
            self.problems.append(f"udev monitor unavailable: {exc}")
        self.kmsg_fd: int | None = None
        self.recent: list[str] = []  # the last kernel lines, context for multi-line messages
        if kernel and kmsg:
            try:
                fd = os.open(kmsg, os.O_RDONLY | os.O_NONBLOCK)
                os.lseek(fd, 0, os.SEEK_END)  # only what happens from now on
                self.kmsg_fd = fd
            except OSError as exc:
                self.problems.append(f"kernel log {kmsg} not readable: {exc.strerror or exc} (run `sudo dmesg -w` beside doctor)")

    @property
    def available(self) -> dict[str, bool]:
        return {"udev": self.monitor is not None, "kernel": self.kmsg_fd is not None}

    def close(self) -> None:
        if self.kmsg_fd is not None:
            os.close(self.kmsg_fd)
            self.kmsg_fd = None

    def now(self) -> float:
        return time.monotonic()

    def events(self, timeout: float) -> Iterator[UsbEvent]:
        deadline = time.monotonic() + timeout
        fds: list[int] = []
        if self.monitor is not None:
            fds.append(self.monitor.fileno())
        if self.kmsg_fd is not None:
            fds.append(self.kmsg_fd)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            if not fds:
                time.sleep(remaining)
                return
            ready, _, _ = select.select(fds, [], [], remaining)
            at = time.monotonic()
            if self.kmsg_fd is not None and self.kmsg_fd in ready:
                fresh = self._read_kmsg()
                yield from kernel_events(fresh, at=at, context=self.recent)
                self.recent = (self.recent + [ln for ln in fresh if ln.strip()])[-KERNEL_CONTEXT:]
            if self.monitor is not None and self.monitor.fileno() in ready:
                while True:
                    device = self.monitor.poll(timeout=0)
                    if device is None:
                        break
                    ev = udev_event(device, at)
                    if ev is not None:
                        yield ev

    def _read_kmsg(self) -> list[str]:
        lines = []
        assert self.kmsg_fd is not None
        while True:
            try:
                record = os.read(self.kmsg_fd, 8192)
            except BlockingIOError:
                break
            except OSError as exc:  # EPIPE: records were overwritten while we slept; go on
                if exc.errno == 32:
                    continue
                break
            if not record:
                break
            lines.append(parse_kmsg_record(record.decode("utf-8", errors="replace")))
        return lines


def _hex4(value: Any) -> str | None:
    if value in (None, ""):
        return None
    text = value.decode() if isinstance(value, bytes) else str(value)
    return text.strip().lower().zfill(4)


def udev_event(device: Any, at: float) -> UsbEvent | None:
    """A pyudev Device from the monitor as a UsbEvent (usb_device and tty events; interfaces are skipped)."""
    action = device.action
    if action not in ("add", "remove"):
        return None
    props = device.properties
    subsystem = device.subsystem
    usbdev = device
    if subsystem == "usb":
        if props.get("DEVTYPE") != "usb_device":
            return None
    elif subsystem == "tty":
        usbdev = device.find_parent("usb", "usb_device")
        if usbdev is None and not str(device.sys_name).startswith(("ttyACM", "ttyUSB", "ttyAMA", "ttyS")):
            return None
    else:
        return None
    ev = UsbEvent(action=action, subsystem=subsystem, time=at)
    if subsystem == "tty":
        ev.tty = props.get("DEVNAME") or f"/dev/{device.sys_name}"
        ev.devnode = ev.tty
    else:
        ev.devnode = props.get("DEVNAME")
    source = usbdev if usbdev is not None else device
    sprops = source.properties
    product_prop = sprops.get("PRODUCT")  # "483/df11/2200", present in remove events too
    if product_prop:
        parts = product_prop.split("/")
        if len(parts) >= 2:
            ev.vid, ev.pid = _hex4(parts[0]), _hex4(parts[1])
        if len(parts) >= 3:
            ev.bcd_device = _hex4(parts[2])
    ev.vid = _hex4(sprops.get("ID_VENDOR_ID")) or ev.vid
    ev.pid = _hex4(sprops.get("ID_MODEL_ID")) or ev.pid
    if action == "add":
        attrs = source.attributes
        for attr, name in (("manufacturer", "manufacturer"), ("product", "product"), ("serial", "serial")):
            try:
                value = attrs.asstring(attr)
            except (KeyError, UnicodeDecodeError, AttributeError):
                value = None
            setattr(ev, name, value.strip() if value else None)
        ev.vid = ev.vid or _attr_hex(attrs, "idVendor")
        ev.pid = ev.pid or _attr_hex(attrs, "idProduct")
        ev.bcd_device = ev.bcd_device or _attr_hex(attrs, "bcdDevice")
    if usbdev is not None:
        ev.port_path = usbdev.sys_name
    ev.manufacturer = ev.manufacturer or sprops.get("ID_VENDOR")
    ev.product = ev.product or sprops.get("ID_MODEL")
    ev.serial = ev.serial or sprops.get("ID_SERIAL_SHORT")
    if action == "add":
        classify_into(ev)
    ev.line = ev.describe()
    return ev


def _attr_hex(attrs: Any, name: str) -> str | None:
    try:
        return _hex4(attrs.asstring(name))
    except (KeyError, UnicodeDecodeError, AttributeError):
        return None


# ---------------------------------------------------------------------------------------------
# Replay and queue sources


@dataclass
class Recording:
    """A recorded sequence: events with times relative to its start (seconds)."""

    name: str
    events: list[UsbEvent]
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any] | list[Any], name: str = "recording") -> "Recording":
        """`{"name", "description", "events": [{"at": 0.5, "action": "add", ...}, {"at": 1, "action": "kernel", "line": "..."}]}`.

        A kernel event given only as `line` is parsed with the analyze parsers, like a live one.
        """
        if isinstance(data, list):
            data = {"events": data}
        items = data.get("events")
        if not isinstance(items, list):
            raise ValueError(f"{name}: a recording needs an `events` list")
        events: list[UsbEvent] = []
        kernel_lines: list[str] = []
        kernel_times: list[float] = []
        for idx, item in enumerate(items):
            if not isinstance(item, dict):
                raise ValueError(f"{name}: event {idx} is not an object")
            try:
                at = float(item.get("at", item.get("time")) or 0.0)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{name}: event {idx} has no usable time `at`") from exc
            if item.get("action") == "kernel" and "kind" not in item and item.get("line"):
                kernel_lines.append(str(item["line"]))
                kernel_times.append(at)
                continue
            body = {k: v for k, v in item.items() if k not in ("at",)}
            body["time"] = at
            ev = UsbEvent.from_dict(body)
            ev.subsystem = ev.subsystem or ("kernel" if ev.action == "kernel" else "usb")
            if ev.line is None:
                ev.line = ev.describe()
            events.append(ev)
        # all kernel lines parsed together, as one dmesg: multi-line messages keep their context
        events.extend(kernel_events(kernel_lines, at=kernel_times, source=name))
        events.sort(key=lambda e: e.time)
        return cls(str(data.get("name") or name), events, str(data.get("description") or ""), dict(data.get("meta") or {}))

    @classmethod
    def load(cls, path: str | Path) -> "Recording":
        from doctor.snapshot_check import load_recording  # bounded, checked (exit 4)

        p = Path(path)
        return cls.from_json(load_recording(p), p.stem)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "events": [{"at": e.time, **{k: v for k, v in e.to_fact().items() if k != "time"}} for e in self.events],
        }


class ReplaySource:
    """Replays a Recording on a virtual clock: a 10 s window costs no real time unless `speed` > 0.

    `speed` = 1.0 replays in real time (for demos), 0 (default) instantly. Event times are relative to
    the source's creation; `offset` shifts them (a recording that starts when a prompt is shown).
    """

    def __init__(self, recording: Recording | dict[str, Any] | list[Any], *, speed: float = 0.0, offset: float = 0.0) -> None:
        self.recording = recording if isinstance(recording, Recording) else Recording.from_json(recording)
        self.speed = speed
        self.t = 0.0
        self.pending = [e for e in self.recording.events]
        for e in self.pending:
            e.time += offset

    @classmethod
    def load(cls, path: str | Path, **kw: Any) -> "ReplaySource":
        return cls(Recording.load(path), **kw)

    def now(self) -> float:
        return self.t

    @property
    def exhausted(self) -> bool:
        return not self.pending

    def events(self, timeout: float) -> Iterator[UsbEvent]:
        end = self.t + max(timeout, 0.0)
        while self.pending and self.pending[0].time <= end:
            ev = self.pending.pop(0)
            if self.speed > 0 and ev.time > self.t:
                time.sleep((ev.time - self.t) / self.speed)
            self.t = max(self.t, ev.time)
            yield ev
        if self.speed > 0 and end > self.t:
            time.sleep((end - self.t) / self.speed)
        self.t = end


class QueueSource:
    """Events pushed by a simulator (any thread); `events()` waits on the queue in real time."""

    def __init__(self) -> None:
        self._queue: queue.Queue[UsbEvent] = queue.Queue()
        self._lock = threading.Lock()

    def now(self) -> float:
        return time.monotonic()

    def push(self, event: UsbEvent | dict[str, Any]) -> None:
        ev = event if isinstance(event, UsbEvent) else UsbEvent.from_dict(event)
        if ev.role is None and ev.action == "add":
            classify_into(ev)
        if not ev.time:
            ev.time = time.monotonic()
        if ev.line is None:
            ev.line = ev.describe()
        self._queue.put(ev)

    def events(self, timeout: float) -> Iterator[UsbEvent]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            try:
                yield self._queue.get(timeout=remaining)
            except queue.Empty:
                return


# ---------------------------------------------------------------------------------------------
# Predicates used by guided sequences and `doctor recover`


def is_add(vid: str | None = None, pid: str | None = None, *, role: str | None = None) -> Callable[[UsbEvent], bool]:
    """An `add` of a USB device (not its tty) with this VID:PID and/or role."""

    def match(ev: UsbEvent) -> bool:
        if ev.action != "add" or ev.subsystem == "tty":
            return False
        if vid and ev.vid != vid.lower():
            return False
        if pid and ev.pid != pid.lower():
            return False
        if role and ev.role != role:
            return False
        return True

    return match


def is_descriptor_error(ev: UsbEvent) -> bool:
    """A kernel line saying enumeration failed (-71/-32/-110, not accepting address, unable to enumerate, bad cable)."""
    from doctor.parsers.kernel_log import ENUMERATION_ERRORS

    return ev.action == "kernel" and ev.kind in ENUMERATION_ERRORS
