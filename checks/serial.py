"""The serial probe: every serial port that can reach a board, who may open it and who holds it.

Ports: ttyACM*, ttyUSB*, on-board UARTs (ttyS* that are real, ttyAMA*, ttyAML*, ttyTHS*), and the
paths printer.cfg names ([mcu] serial:) when they are something else (a Klipper host MCU's pty).
For each: its /dev/serial/by-id and by-path links (read from the directories), the driver, the USB
device it belongs to, owner/group/mode, whether this user may open it (access(2) for read and write)
and which processes hold it open (/proc/*/fd, with command line and systemd unit). A PC declares 32
ttyS ports; only those with a UART behind them (sysfs `type` not 0) are reported.

Contract: collect() returns {"serial": {"status", "ports": [SERIAL_PORT...], "by_id", "by_path"}};
it never opens a port and never raises for a missing library (status: unavailable).
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

from doctor import devices as devtable

NAMESPACE = "serial"
ACTIVE = False
TIMEOUT = 5.0

BY_ID = "/dev/serial/by-id"
BY_PATH = "/dev/serial/by-path"
PORT_NAME = re.compile(r"^(ttyACM|ttyUSB|ttyS|ttyAMA|ttyAML|ttyTHS)\d+$")
_UNIT = re.compile(r"([^/]+\.(?:service|scope))")


def _testbed_path(target: str, root: str | None = None) -> str:
    """A link target as the system names it (umockdev's testbed root stripped off, if any)."""
    root = (os.environ.get("UMOCKDEV_DIR") or "") if root is None else root
    root = root.rstrip("/")
    if root and target.startswith(root + "/"):
        return target[len(root) :]
    return target


def read_links(directory: str) -> list[dict[str, Any]]:
    """The symlinks of /dev/serial/by-id or by-path: [{name, target}] with absolute, normalised targets."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    out = []
    for name in names:
        link = os.path.join(directory, name)
        try:
            target = os.readlink(link)
        except OSError:
            continue
        if not os.path.isabs(target):
            target = os.path.normpath(os.path.join(directory, target))
        out.append({"name": link, "target": _testbed_path(target), "origin": "live"})
    return out


def unit_of(cgroup_text: str) -> str | None:
    """The systemd unit in /proc/PID/cgroup text ("0::/system.slice/klipper.service" -> klipper.service)."""
    best = None
    for line in cgroup_text.splitlines():
        path = line.split(":", 2)[-1]
        units = _UNIT.findall(path)
        services = [u for u in units if u.endswith(".service")]
        if services:
            return services[-1]
        if units and best is None:
            best = units[-1]
    return best


def holders(paths: set[str], proc: str = "/proc") -> dict[str, list[dict[str, Any]]]:
    """Processes that hold any of `paths` open, by path. Only processes this user may inspect are seen."""
    found: dict[str, list[dict[str, Any]]] = {}
    if not paths:
        return found
    me = os.getpid()
    root = os.environ.get("UMOCKDEV_DIR") or ""
    try:
        pids = [int(p) for p in os.listdir(proc) if p.isdigit()]
    except OSError:
        return found
    for pid in pids:
        if pid == me:
            continue
        fd_dir = f"{proc}/{pid}/fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            continue
        hits = set()
        masters: set[str] = set()  # the /dev/pts/N whose master end (/dev/ptmx, tty-index N) this process holds
        for fd in fds:
            try:
                target = _testbed_path(os.readlink(f"{fd_dir}/{fd}"), root)
            except OSError:
                continue
            if target in paths:
                hits.add(target)
            elif target in ("/dev/ptmx", "/dev/pts/ptmx"):
                index = _tty_index(f"{proc}/{pid}/fdinfo/{fd}")
                if index is not None:
                    masters.add(f"/dev/pts/{index}")
        # A process that holds a pseudo-terminal's master end as well as its follower is the device itself
        # (Klipper's Linux MCU behind /tmp/klipper_host_mcu, a board emulator): it serves the port, it does
        # not compete for it.
        hits -= masters
        if not hits:
            continue
        info = process_info(pid, proc)
        for path in sorted(hits):
            found.setdefault(path, []).append(info)
    return found


def _tty_index(fdinfo: str) -> int | None:
    """The pts number of a /dev/ptmx descriptor (Linux 4.x and later print `tty-index:` in its fdinfo)."""
    for line in _read(fdinfo).splitlines():
        if line.startswith("tty-index:"):
            value = line.split(":", 1)[1].strip()
            return int(value) if value.isdigit() else None
    return None


def port_holders(port: str) -> list[dict[str, Any]]:
    """Processes holding `port` open, under any name of it (scan of /proc/*/fd, as Katapult's flashtool does)."""
    found = holders({os.path.realpath(port), port})
    out: list[dict[str, Any]] = []
    for items in found.values():
        for item in items:
            if item not in out:
                out.append(item)
    return out


def _read(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return f.read(1024 * 1024).decode("utf-8", "replace")  # /proc files: bounded all the same
    except OSError:
        return ""


def process_info(pid: int, proc: str = "/proc") -> dict[str, Any]:
    """pid, comm, cmdline and systemd unit of a process (the fields a holder or a listed process carries)."""
    info: dict[str, Any] = {"pid": pid, "comm": _read(f"{proc}/{pid}/comm").strip()}
    cmdline = _read(f"{proc}/{pid}/cmdline").replace("\0", " ").strip()
    if cmdline:
        info["cmdline"] = cmdline
    unit = unit_of(_read(f"{proc}/{pid}/cgroup"))
    if unit:
        info["unit"] = unit
    return info


def _node(path: str) -> dict[str, Any]:
    try:
        st = os.stat(path)
    except OSError:
        return {"exists": False, "can_open": False}
    from doctor.checks.usb import group_name, user_name

    return {
        "exists": True,
        "owner": user_name(st.st_uid),
        "group": group_name(st.st_gid),
        "mode": f"{stat.S_IMODE(st.st_mode):04o}",
        "can_open": os.access(path, os.R_OK | os.W_OK),
    }


def _attr(device: Any, name: str) -> str | None:
    value = device.attributes.get(name)
    if value is None:
        return None
    text = value.decode("utf-8", "replace").strip() if isinstance(value, bytes) else str(value).strip()
    return text or None


def _driver(device: Any) -> str | None:
    return device.driver or device.properties.get("DRIVER") or None


def _is_real_uart(tty: Any) -> bool:
    """An on-board UART: a device behind it, and for 8250-style ttyS a detected UART type (not 0)."""
    if tty.parent is None:
        return False
    kind = _attr(tty, "type")
    return kind is None or kind != "0"


def _usb_parent(tty: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(usb facts of the device the tty belongs to, the driver of its interface)."""
    intf = tty.find_parent("usb", "usb_interface")
    dev = tty.find_parent("usb", "usb_device")
    if dev is None:
        return None, None
    usb: dict[str, Any] = {
        "vid": (_attr(dev, "idVendor") or "").lower(),
        "pid": (_attr(dev, "idProduct") or "").lower(),
        "port_path": dev.sys_name,
    }
    for key in ("serial", "manufacturer", "product"):
        value = _attr(dev, key)
        if value:
            usb[key] = value
    usb["_bcd"] = _attr(dev, "bcdDevice")
    return usb, _driver(intf) if intf is not None else None


def _printer_cfg_paths(ctx: Any) -> list[str]:
    """Serial paths printer.cfg names: from the klipper facts when present, else an explicit --printer-cfg."""
    paths: list[str] = []
    facts = getattr(ctx, "facts", None) or {}
    for mcu in ((facts.get("klipper") or {}).get("printer_cfg") or {}).get("mcus") or []:
        if mcu.get("serial"):
            paths.append(mcu["serial"])
    if not paths and ctx is not None and (getattr(ctx, "printer_cfg", None) or getattr(ctx, "home", None) is not None):
        # the passive probes run side by side: read printer.cfg (every instance, includes) as the klipper probe does
        from doctor.checks.klipper import printer_cfg_paths, read_printer_cfg

        for cfg in printer_cfg_paths(ctx):
            mcus, _ = read_printer_cfg(cfg)  # bounded: 1 MiB per file, at most 50 files
            paths += [str(m["serial"]) for m in mcus if m.get("serial")]
    return paths


def collect(ctx: Any = None) -> dict[str, Any]:
    """{"serial": {...}}: see the module docstring."""
    by_id = read_links(BY_ID)
    by_path = read_links(BY_PATH)
    # the live by-id listing answers "is the board listed under another name, or not at all?" (udev makes the
    # folder with the first USB serial device): its absence is a fact, as a pasted `ls` saying so is
    missing = [] if os.path.isdir(BY_ID) else [{"path": BY_ID, "origin": "live", "line": f"{BY_ID} does not exist on this host"}]
    try:
        import pyudev  # noqa: F401
    except ImportError as exc:
        return {NAMESPACE: {"status": "unavailable", "reason": f"pyudev is not installed ({exc}): pip install pyudev", "ports": [], "by_id": by_id, "by_path": by_path,
                            **({"missing": missing} if missing else {})}}
    ports: list[dict[str, Any]] = []
    from doctor.checks.usb import udev_context  # a libudev context without ctypes' ldconfig subprocess

    for tty in udev_context().list_devices(subsystem="tty"):
        name = tty.sys_name
        if not PORT_NAME.match(name):
            continue
        usb, intf_driver = _usb_parent(tty)
        if usb is None and not _is_real_uart(tty):
            continue
        device = tty.device_node or f"/dev/{name}"
        port: dict[str, Any] = {"device": device, "name": name}
        if usb is not None:
            port["kind"] = "usb-acm" if name.startswith("ttyACM") else "usb-serial"
            bcd = usb.pop("_bcd")
            port["usb"] = usb
            port["role"] = devtable.classify(usb["vid"] or "0000", usb["pid"] or "0000", usb.get("manufacturer"), usb.get("product"), bcd).role
            driver = intf_driver
        else:
            port["kind"] = "uart"
            parent = tty.parent
            driver = _driver(parent) if parent is not None else None
        if driver:
            port["driver"] = driver
        if usb is not None:
            # ModemManager leaves a port alone when udev set this (our rules file and Klipper's docs do)
            port["mm_ignore"] = tty.properties.get("ID_MM_DEVICE_IGNORE") == "1"
        ports.append(port)
    known = {p["device"] for p in ports}
    for path in _printer_cfg_paths(ctx):
        if path in known or path.startswith(("/dev/serial/by-id/", "/dev/serial/by-path/")):
            continue
        real = os.path.realpath(path)
        if real in known:
            continue
        kind = "pty" if real.startswith("/dev/pts/") else "other"
        ports.append({"device": path, "name": os.path.basename(path), "kind": kind})
        known.add(path)
    held = holders({os.path.realpath(p["device"]) if p.get("kind") in ("pty", "other") else p["device"] for p in ports})
    for port in ports:
        port.update(_node(port["device"]))
        port["by_id"] = [link["name"] for link in by_id if link["target"] == port["device"]]
        port["by_path"] = [link["name"] for link in by_path if link["target"] == port["device"]]
        real = os.path.realpath(port["device"]) if port.get("kind") in ("pty", "other") else port["device"]
        port["holders"] = held.get(real, [])
        port["origin"] = "live"
    ports.sort(key=lambda p: (p["name"].rstrip("0123456789"), int(re.sub(r"\D", "", p["name"]) or 0)))
    return {NAMESPACE: {"status": "ok", "ports": ports, "by_id": by_id, "by_path": by_path, **({"missing": missing} if missing else {})}}
