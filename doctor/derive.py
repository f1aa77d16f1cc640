"""Derived facts: comparisons across namespaces that a JMESPath condition cannot express on its own
(a filter cannot look back at the root), computed purely from the snapshot.

Each deriver is a function facts -> value registered under a name; the engine exposes the results as
`derived.<name>` to the conditions. Add one with @deriver("name", fields=[...]) and declare the fields
its items carry, so the knowledge loader can validate the conditions that use them.
"""

from __future__ import annotations

import bisect
import importlib.resources
import os
import re
import tomllib
from functools import lru_cache
from typing import Any, Callable

from doctor import schema

Deriver = Callable[..., Any]
DERIVERS: dict[str, Deriver] = {}
USES: dict[str, tuple[str, ...]] = {}  # the earlier derived facts a deriver is handed after the snapshot
schema.SCHEMA.setdefault("derived", {})


def deriver(name: str, fields: tuple[str, ...] = (), uses: tuple[str, ...] = ()) -> Callable[[Deriver], Deriver]:
    """Register a deriver. `uses`: derived facts registered before it, passed as further arguments (each deriver
    still runs on the snapshot alone, computing what it was not handed)."""
    def register(fn: Deriver) -> Deriver:
        missing = [u for u in uses if u not in DERIVERS]
        if missing:
            raise ValueError(f"deriver {name} uses {missing}, registered after it")
        DERIVERS[name] = fn
        USES[name] = uses
        item = {f: "any" for f in fields}
        schema.SCHEMA["derived"][name] = [item] if item else "any"
        return fn

    return register


def derive(facts: dict[str, Any], errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Every derived fact. A deriver that fails yields None rather than stopping the diagnosis, and the failure is
    recorded as parse errors are (appended to `errors`: {"parser": "derive.NAME", "source": "derived", "error"}),
    never silent: the engine puts them in the snapshot's `parse_errors`."""
    out: dict[str, Any] = {}
    for name, fn in DERIVERS.items():
        try:
            out[name] = fn(facts, *(out[u] for u in USES.get(name, ())))
        except Exception as exc:  # noqa: BLE001 - any bug in one deriver: recorded, the diagnosis goes on
            out[name] = None
            if errors is not None:
                errors.append({"parser": f"derive.{name}", "source": "derived", "error": repr(exc)[:300]})
    return out


@lru_cache(maxsize=None)
def _knowledge_toml(name: str) -> dict[str, Any]:
    """A data file of doctor.knowledge, parsed once per process (read only: callers must not change it)."""
    return tomllib.loads(importlib.resources.files("doctor.knowledge").joinpath(name).read_text(encoding="utf-8"))


def _ns(facts: dict[str, Any], name: str) -> dict[str, Any]:
    value = facts.get(name)
    return value if isinstance(value, dict) else {}


def _user(facts: dict[str, Any]) -> dict[str, Any]:
    user = _ns(facts, "host").get("user")
    return user if isinstance(user, dict) else {}


@deriver("tty_denied", fields=("device", "group", "user", "mode", "owner", "line", "source"))
def tty_denied(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Serial devices the user cannot open because the owning group is not one of theirs (SER004)."""
    user = _user(facts)
    groups = set(user.get("groups") or [])
    if _ns(facts, "host").get("is_root"):
        return []
    out = []
    nodes = list(_ns(facts, "serial").get("ports") or []) + list(_ns(facts, "serial").get("nodes") or [])
    for port in nodes:
        group = port.get("group")
        if not group or port.get("can_open") is True:
            continue
        if str(port.get("device") or "").startswith("/dev/bus/usb/"):
            continue  # raw USB nodes are USB004's (udev rules), not a tty group
        mode = port.get("mode") or ""
        if port.get("can_open") is None:
            if user.get("name") and port.get("owner") == user.get("name") and mode[1:3] == "rw":
                continue  # the user owns the node
            if port.get("acl"):
                continue  # an ACL (uaccess) may grant this user access: `ls -l` cannot tell
        if port.get("can_open") is None and not groups:
            continue  # pasted `ls -l` without `id`: nothing to compare with
        if group in groups:
            continue
        if mode and len(mode) >= 10 and mode[7:9] == "rw":
            continue  # world read/write: the group does not matter
        out.append(
            {
                "device": port.get("device"),
                "group": group,
                "user": user.get("name"),
                "mode": mode,
                "owner": port.get("owner"),
                "line": port.get("line"),
                "source": port.get("source"),
            }
        )
    return out


@deriver("tty_member", fields=("device", "group", "user", "line", "source"))
def tty_member(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Pasted tty nodes whose owning group the pasted `id` (or bare `groups`) lists: the session is a member, so a
    Permission denied on that node is not SER004's missing group (vscode-arduino#1535: `ls -l` root:dialout and `id`
    with 20(dialout), refused only inside one editor). `groups USER` (name : list) reads the group database, not the
    session, so it does not count: a usermod not yet applied by a new login shows there too."""
    user = _user(facts)
    groups = set(user.get("groups") or [])
    if not groups or (user.get("name") and "uid" not in user):
        return []
    out = []
    for port in list(_ns(facts, "serial").get("ports") or []) + list(_ns(facts, "serial").get("nodes") or []):
        group = port.get("group")
        if not group or group == "root" or group not in groups:
            continue
        if str(port.get("device") or "").startswith("/dev/bus/usb/"):
            continue
        out.append({"device": port.get("device"), "group": group, "user": user.get("name"),
                    "line": port.get("line"), "source": port.get("source")})
    if out or "dialout" not in groups:
        return out
    # (deepen-precision s19) no pasted node names the refused tty's group, but the session's `id` lists dialout: the group
    # that owns /dev/ttyUSB*, ttyACM*, ttyS* and ttyAMA* on Debian, Ubuntu, Raspberry Pi OS and Fedora (Arch's uucp has no
    # dialout beside it), so the session may open it and the refusal is something else (a re-enumeration during the
    # flasher's reset, a confinement, another user's process): not SER004's missing group
    known = {_norm(str(p.get("device") or "")) for p in list(_ns(facts, "serial").get("ports") or []) + list(_ns(facts, "serial").get("nodes") or []) if p.get("group")}
    for ns in _DENIED_NS:
        for run in _ns(facts, ns).get("runs") or []:
            for ev in run.get("events") or []:
                port = str(ev.get("port") or "")
                if ev.get("kind") == "serial_permission_denied" and re.match(r"/dev/tty(?:USB|ACM|S|AMA)\d+$", port) and _norm(port) not in known:
                    return [{"device": port, "group": "dialout", "user": user.get("name"), "line": ev.get("line"), "source": ev.get("source")}]
    return out


_DENIED_NS = ("serial", "katapult", "avrdude", "flash")


@deriver("tty_open_to_all", fields=("device", "mode", "port", "line", "source", "denied_line"))
def tty_open_to_all(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(confined-hosts s16) A tty the paste shows as a character device every user may read and write (mode c???????rw-, e.g.
    crwxrwxrwx, crw-rw-rw-) that a program was still refused (Permission denied on that port): the owning group cannot be
    the cause, a confinement refused it (a Snap's AppArmor profile: tio#58 `apparmor="DENIED" ... /dev/ttyACM0`; the
    wmbusmeters snap refused a crwxrwxrwx ttyUSB0, wmbusmeters#981; a Flatpak or container without the device)."""
    denied = []
    for ns in _DENIED_NS:
        for run in _ns(facts, ns).get("runs") or []:
            for ev in run.get("events") or []:
                if ev.get("kind") == "serial_permission_denied" and ev.get("port"):
                    denied.append(ev)
    if not denied:
        return []
    out = []
    for node in list(_ns(facts, "serial").get("nodes") or []):
        mode = str(node.get("mode") or "")
        device = str(node.get("device") or "")
        if len(mode) < 10 or not mode.startswith("c") or mode[7:9] != "rw" or not device.startswith("/dev/tty"):
            continue
        if _norm(device) in ("tty", "ptmx"):
            continue  # the controlling terminal and the pty master are open to all on every system
        for ev in denied:
            if _norm(str(ev.get("port"))) == _norm(device):
                out.append({"device": device, "mode": mode, "port": ev.get("port"), "line": node.get("line"),
                            "source": node.get("source"), "denied_line": ev.get("line")})
                break
    return out


def _norm(path: str) -> str:
    return os.path.basename(path.rstrip("/")).lower()


def is_klippy(holder: Any) -> bool:
    """A port's holder is Klipper's host process (klippy.py, or a process of the klipper service). One place
    decides it: SER003's note (through `ports_held`) and the printer view's "klippy (...: normal)"."""
    if not isinstance(holder, dict):
        return False
    return "klippy.py" in str(holder.get("cmdline") or "") or str(holder.get("unit") or "").startswith("klipper")


@deriver("ports_held", fields=("device", "holders", "origin", "klippy_alone", "line", "source"))
def ports_held(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Serial ports some process holds open; `klippy_alone`: Klipper itself is the one holder (how it runs)."""
    out = []
    for port in _ns(facts, "serial").get("ports") or []:
        holders = port.get("holders") if isinstance(port, dict) else None
        if not holders or not isinstance(holders, list):
            continue
        item = {k: port.get(k) for k in ("device", "holders", "origin", "line", "source") if port.get(k) is not None}
        item["klippy_alone"] = len(holders) == 1 and is_klippy(holders[0])
        out.append(item)
    return out


# (deepen-misc s17) the serial devices a Linux login console (a getty) holds: a UART, or a USB-serial tty
_GETTY_COMM = re.compile(r"^(?:a|m|min|mingetty|serial-)?getty$")
_GETTY_TTY = re.compile(r"\b(?P<tty>tty(?:S|AMA|USB|ACM|mxc|SAC|O|THS|HS|MSM|FIQ)\d+|serial\d)\b")
_UART_NODE = re.compile(r"^/dev/(?:tty(?:S|AMA|USB|ACM|mxc|SAC|O|THS|HS|MSM|FIQ)\d+|serial\d)$")


@deriver("serial_console_getty", fields=("port", "how", "line", "source"))
def serial_console_getty(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Serial ports a Linux login console holds (SER006): `fuser` naming agetty/getty as the holder, a serial-getty@ttyX
    unit active (systemctl status, list-units), a getty process on it, or an `ls -l` of a UART node that a getty has made
    root:tty crw--w---- (udev leaves a free UART root:dialout crw-rw----; agetty takes it over as a login terminal)."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(port: str, how: str, line: Any, source: Any) -> None:
        port = port if port.startswith("/dev/") else "/dev/" + port
        if (port, how) not in seen and len(out) < 16:
            seen.add((port, how))
            out.append({"port": port, "how": how, "line": line, "source": source})

    for port in _ns(facts, "serial").get("ports") or []:
        if not isinstance(port, dict) or not isinstance(port.get("device"), str):
            continue
        for h in port.get("holders") or []:
            if isinstance(h, dict) and _GETTY_COMM.match(str(h.get("comm") or "")):
                add(port["device"], "holder", port.get("line"), port.get("source"))
    host = _ns(facts, "host")
    listed = host.get("services")
    services: dict[str, Any] = listed if isinstance(listed, dict) else {}
    for unit, state in services.items():
        m = re.match(r"^serial-getty@(?P<tty>[\w-]+)$", str(unit))
        if m and state in ("active", "activating") and _GETTY_TTY.fullmatch(m.group("tty")):
            add(m.group("tty"), "service", f"{unit}.service: {state}", None)
    for proc in host.get("processes") or []:
        if not isinstance(proc, dict) or not _GETTY_COMM.match(str(proc.get("comm") or "")):
            continue
        m = _GETTY_TTY.search(str(proc.get("unit") or "")) or _GETTY_TTY.search(str(proc.get("cmdline") or ""))
        if m:
            add(m.group("tty"), "process", proc.get("cmdline") or proc.get("comm"), None)
    for node in _ns(facts, "serial").get("nodes") or []:
        if not isinstance(node, dict) or not _UART_NODE.match(str(node.get("device") or "")):
            continue
        mode = str(node.get("mode") or "")
        if node.get("owner") == "root" and node.get("group") == "tty" and len(mode) >= 10 and mode[4:6] == "-w":
            add(node["device"], "node", node.get("line"), node.get("source"))
    return out


@deriver("serial_path_mismatch", fields=("configured", "mcu", "near", "reason", "line", "source", "by_id", "where"))
def serial_path_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """printer.cfg serial paths that do not exist, with the near matches that do (SER005)."""
    cfg = _ns(facts, "klipper").get("printer_cfg") or {}
    mcus = cfg.get("mcus") or []
    serial = _ns(facts, "serial")
    existing = {e.get("name", "") for e in serial.get("by_id") or []}
    existing |= {e.get("name", "") for e in serial.get("by_path") or []}
    by_id_names = sorted(e.get("name", "") for e in serial.get("by_id") or [] if e.get("name"))
    devices = {e.get("target", "") for e in [*(serial.get("by_id") or []), *(serial.get("by_path") or [])] if e.get("target")}
    for port in serial.get("ports") or []:
        if port.get("exists", True):
            devices.add(port.get("device", ""))
            existing |= {os.path.basename(p) for p in port.get("by_id") or []}
    for node in serial.get("nodes") or []:
        devices.add(node.get("device", ""))
        if isinstance(node.get("target"), str):
            devices.add(node["target"])  # (thin-mid s15) `ls -l /dev/serial*`: serial1 -> ttyAMA0 shows ttyAMA0 exists
    for run in _ns(facts, "windows").get("runs") or []:  # (deepen-serial s19) Device Manager's "USB-SERIAL CH340 (COM5)"
        for ev in (run.get("events") or []) if isinstance(run, dict) else []:
            if isinstance(ev, dict) and ev.get("kind") == "usb_device_named" and isinstance(ev.get("port"), str):
                devices.add(ev["port"].upper())
    live_empty = any(isinstance(m, dict) and m.get("origin") == "live" for m in serial.get("missing") or [])  # a live scan found no by-id folder
    out: list[dict[str, Any]] = []
    seen_paths: set[str] = set()
    if not existing and not devices and not live_empty:
        # no listing to compare with: only a path that can never name a port is judged (a folder, a glob, a placeholder)
        tried = [{**m, "where": f"printer.cfg [{m.get('name', 'mcu')}] serial"} for m in mcus if isinstance(m, dict)]
        tried += _tried_ports(facts)
        for ev in (_ns(facts, "klipper").get("log") or {}).get("events") or []:
            if isinstance(ev, dict) and ev.get("kind") in ("serial_open_failed", *_NO_PORT_KINDS) and (ev.get("port") or ev.get("device")):
                tried.append({"serial": ev.get("port") or ev.get("device"), "name": ev.get("name"), "line": ev.get("line"),
                              "source": ev.get("source"), "where": f"the port klippy was given for [{ev.get('name') or 'mcu'}]"})
        listed_missing = {str(m.get("path")) for m in serial.get("missing") or [] if isinstance(m, dict)}  # ls's own "cannot access"
        for mcu in tried:
            path = mcu.get("serial")
            if isinstance(path, str) and path not in seen_paths and path not in listed_missing and (_never_a_port(path) or _relative_device(path)):
                seen_paths.add(path)
                out.append({"configured": path, "mcu": mcu.get("name"), "near": [], "reason": "relative" if _relative_device(path) else "malformed",
                            "line": mcu.get("line"), "source": mcu.get("source") or cfg.get("path"), "by_id": [], "where": mcu.get("where")})
        return out
    configured_names = {os.path.basename(str(m.get("serial"))) for m in mcus if isinstance(m, dict) and m.get("serial")}
    for mcu in [*({**m, "where": f"printer.cfg [{m.get('name', 'mcu')}] serial"} for m in mcus if isinstance(m, dict)), *_tried_ports(facts)]:
        path = mcu.get("serial")
        if not path or not isinstance(path, str) or path in seen_paths:
            continue
        seen_paths.add(path)
        base = os.path.basename(path)
        if _relative_device(path):  # listed or not, a name without its /dev/ folder is never opened
            out.append({"configured": path, "mcu": mcu.get("name"), "near": [n for n in existing if n == base] or by_id_names[:4],
                        "reason": "relative", "line": mcu.get("line"), "source": mcu.get("source") or cfg.get("path"),
                        "by_id": by_id_names, "where": mcu.get("where")})
            continue
        if base in existing or path in devices:
            continue
        com = re.fullmatch(r"(?:\\\\[.?]\\)?(COM\d{1,3})", path, re.I)
        if com:
            # (deepen-serial s19) a Windows port against a listing of this host's COM ports (`arduino-cli board list`, `pio
            # device list`, `mode`): one the listing lacks is not there, the board is on a listed one
            listed_com = sorted({d.upper() for d in devices if re.fullmatch(r"COM\d{1,3}", d, re.I)}, key=lambda d: int(d[3:]))
            if listed_com and com.group(1).upper() not in listed_com:
                out.append({"configured": path, "mcu": mcu.get("name"), "near": listed_com[:4], "reason": "not listed",
                            "line": mcu.get("line"), "source": mcu.get("source"), "by_id": [], "where": mcu.get("where")})
            continue
        mac = re.fullmatch(r"/dev/(cu|tty)\.([A-Za-z_]*)[\w.-]*", path)
        if mac:
            # (deepen-serial s19) macOS: each port is there twice, /dev/cu.X and /dev/tty.X; a name the pasted listing (`ls
            # /dev/cu.*`, `pio device list`) lacks in both forms is not there (a usbserial/usbmodem name carries the USB
            # location or serial number: another USB socket or a bootloader gives another name); the listed ones of its family
            macs = {d for d in devices if re.match(r"/dev/(?:cu|tty)\.", d)}
            twin = "/dev/" + ("tty" if mac.group(1) == "cu" else "cu") + path[len(mac.group(1)) + 5:]
            if macs and path not in macs and twin not in macs:
                family = mac.group(2).lower()
                near = sorted(d for d in macs if d.startswith("/dev/" + mac.group(1) + ".")
                              and re.sub(r"^/dev/(?:cu|tty)\.", "", d).lower().startswith(family))
                reason = "renumbered" if near else "missing"
                if not near:  # another driver's name for the same bridge (the old SiLabs VCP's cu.SLAB_USBtoUART, Apple's
                    # cu.usbserial-0001; WCH's cu.wchusbserial*): the USB ones listed
                    near = sorted(d for d in macs if d.startswith("/dev/" + mac.group(1) + ".")
                                  and re.search(r"(?i)usbserial|usbmodem|SLAB_USBtoUART|wchusbserial", d))
                    reason = "other name" if near else "missing"
                out.append({"configured": path, "mcu": mcu.get("name"), "near": near[:4], "reason": reason,
                            "line": mcu.get("line"), "source": mcu.get("source"), "by_id": [], "where": mcu.get("where")})
            continue
        if not re.match(r"/dev/(?:serial/|tty)", path):
            continue  # /tmp/klipper_host_mcu and other ptys are not in a serial listing
        near = []
        reason = "missing"
        if "//" in path.replace("://", "") or path.count("/dev/") > 1:
            reason = "malformed"
        for name in sorted(existing):
            if name.lower() == base.lower():
                near.append(name)
                reason = "case"
            elif _swap_prefix(name) == _swap_prefix(base):
                near.append(name)
                # a bootloader path in the config while the app runs: the path is wrong; the other way
                # round the board sits in its bootloader and the configured path comes back with the app
                in_bl = name.lower().startswith(("usb-katapult_", "usb-canboot_")) and base.lower().startswith("usb-klipper_")
                reason = "in-bootloader" if in_bl else "katapult-prefix"
        if reason == "missing" and _never_a_port(path):
            reason = "malformed"
            near = by_id_names[:4]
        if reason == "missing" and path.startswith("/dev/serial/by-id/") and not re.search(r"-if\d+(?:-port\d+)?$", base):
            # a by-id name always ends in -ifNN (-ifNN-portN for FTDI): a name cut short (a guide's glob, a
            # placeholder, a half-copied path) can never exist: the path is wrong whatever the bus holds
            reason = "malformed"
            near = by_id_names[:4]
        if reason == "missing" and base.startswith("tty"):
            stem = base.rstrip("0123456789")
            near = sorted(d for d in devices if os.path.basename(d).startswith(stem))
            if near:
                reason = "renumbered"
            elif stem not in _TTY_FAMILIES:
                # (homeauto-de s13) a tty name no kernel driver makes but one letter off a listed node: two letters swapped
                # or one mistyped (openhab-qnap-qpkg#43: ttyAMC0 configured, /dev/ttyACM0 listed; "fixing the typo resolved it").
                # A real driver's name (ttyAMA0 while ttyACM0 is listed) is another device, never a typo
                listed = {os.path.basename(d): d for d in devices if os.path.basename(d).startswith("tty")}
                close = _typos(base, list(listed))
                if close:
                    near, reason = [listed[n] for n in close], "typo"
        if reason == "missing" and path.startswith("/dev/serial/by-id/") and by_id_names:
            near, reason = _other_name(base, by_id_names, configured_names)
        if reason == "missing" and path.startswith("/dev/serial/by-id/") and not by_id_names and not any(
            str(m.get("path", "")).startswith("/dev/serial/by-id") for m in serial.get("missing") or []
        ):
            continue  # no by-id listing was seen: nothing to compare with
        out.append({
            "configured": path, "mcu": mcu.get("name"), "near": near, "reason": reason, "line": mcu.get("line"),
            "source": mcu.get("source") or cfg.get("path"), "by_id": by_id_names, "where": mcu.get("where"),
        })
    return out


def _typos(base: str, names: list[str]) -> list[str]:
    """The (at most two) names a configured one is a close misspelling of: what serial_path_mismatch calls a typo."""
    import difflib

    return difflib.get_close_matches(base, names, n=2, cutoff=0.8)


def _other_name(base: str, listed: list[str], configured: set[str]) -> tuple[list[str], str]:
    """(klipper-host helper) The listed by-id names a missing configured one most likely meant, and why: the board is
    on the bus under a name the path does not spell. "typo": a close spelling (a mistyped serial number or chip,
    `usb-1a86_USB2.0-Serial` vs `usb-1a86_USB_Serial` as CH340s name themselves on other kernels); "other-serial": the
    same kind of device (usb-Klipper_..., usb-1a86_...) with another chip or serial number, as a path copied from an
    example config or another machine gives. Names another [mcu] section uses are that section's, not candidates."""
    candidates = [n for n in listed if n not in configured]
    close = _typos(base, candidates)
    if close:
        return close, "typo"
    family = base.split("_", 1)[0].lower()
    same = [n for n in candidates if "_" in n and n.split("_", 1)[0].lower() == family]
    if "_" in base and same and len(same) <= 2:
        return same, "other-serial"
    return [], "missing"


_PLACEHOLDER = re.compile(r"[*?<>{}]|\s|(?i:xxxx|your[_-]?(?:mcu|serial|id|device))")
# (klipper-host helper) a device's name without its folder: `usb-Klipper_lpc1769_1C10-if00` or `ttyACM0` where
# /dev/serial/by-id/... or /dev/ttyACM0 belongs. klippy, avrdude and pyserial open it relative to their working
# directory, so it never names the port, even when `ls /dev/serial/by-id/` lists exactly that name.
_RELATIVE_DEVICE = re.compile(r"^(?:(?:usb|pci|platform)-\S+-(?:if\d+|port\d+)|serial/by-(?:id|path)/\S+|dev/\S+|tty(?:USB|ACM|AMA|S|THS|mxc)\d+)$")


def _relative_device(path: str) -> bool:
    return bool(_RELATIVE_DEVICE.match(path.strip()))


def _never_a_port(path: str) -> bool:
    """A configured serial path that names no device whatever the bus holds: a folder (`/dev/serial/by-id/`), a
    glob or a guide's placeholder (`usb-Klipper_<id>-if00`, `usb-xxxx`)."""
    p = path.strip()
    if p.endswith("/") or p.rstrip("/") in ("/dev", "/dev/serial", "/dev/serial/by-id", "/dev/serial/by-path"):
        return True
    return bool(_PLACEHOLDER.search(p))


# (homeauto-de s13) the tty name stems Linux serial drivers make (8250/pl011/USB/CDC/SoC UARTs, gadget, Xilinx,
# Tegra, i.MX, Samsung, Amlogic, Rockchip FIQ debugger...): a configured name with one of these stems is a real device
_TTY_FAMILIES = frozenset({
    "ttyS", "ttyUSB", "ttyACM", "ttyAMA", "ttyAML", "ttyTHS", "ttymxc", "ttyGS", "ttyO", "ttySAC", "ttyFIQ", "ttyPS",
    "ttyHS", "ttyMSM", "ttyXRUSB", "ttyUL", "ttyRPMSG", "ttySTM", "ttyLP", "ttyMV", "ttySC", "ttySIF", "ttyBCM", "ttyTCU",
    "ttyMFD", "ttyAM", "ttyPL", "ttyHSL", "ttyEHV", "ttyCH9344USB", "ttyWCHUSB", "ttyGSM", "ttyNK", "ttyLF", "tty",
})
_NO_PORT_KINDS = ("serial_no_such_port", "serial_tty_not_found", "katapult_no_device", "sd_device_missing")  # sd_: flash-sdcard.sh


def _tried_ports(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Ports a program tried to open and found missing (klippy, flashtool, make flash, pyserial messages)."""
    out = []
    for ns in ("serial", "katapult", "flash", "sdcard", "avrdude"):  # (deepen-serial s19) avrdude's ser_open() too
        for run in _ns(facts, ns).get("runs") or []:
            if not isinstance(run, dict):
                continue
            for ev in run.get("events") or []:
                # (esp-espressif s12) an open that failed for a name without its /dev/ folder counts whatever the error
                # says (esptool 4.2-4.6 prints "Could not open ttyUSB0, the port doesn't exist" for any failure): the
                # name is opened relative to the working directory, never the device (esp-idf#10744, `idf.py -p ttyUSB0`)
                # (cu and minicom take a bare ttyUSB0 themselves: only esptool's own open is judged so)
                if isinstance(ev, dict) and (ev.get("kind") in _NO_PORT_KINDS or (
                        ev.get("kind") == "serial_open_failed" and isinstance(ev.get("port"), str) and _relative_device(ev["port"])
                        and (run.get("tool") == "esptool" or "Could not open " + ev["port"] + ", the port" in str(ev.get("line") or "")))
                        or _open_failed_uncaused(ev, run)):
                    path = ev.get("port") or ev.get("device") or run.get("device")
                    if path:
                        out.append({"serial": path, "name": run.get("tool"), "line": ev.get("line"), "source": ev.get("source"),
                                    "where": f"the port {run.get('tool') or 'the program'} was given"})
    for gone in _ns(facts, "serial").get("missing") or []:  # `ls: cannot access '/dev/serial/by-id/...'`
        if isinstance(gone, dict) and isinstance(gone.get("path"), str) and gone.get("origin") != "live":  # live: the listing itself
            out.append({"serial": gone["path"], "name": "ls", "line": gone.get("line"), "source": gone.get("source"), "where": "the path listed"})
    for ev in (_ns(facts, "klipper").get("log") or {}).get("events") or []:
        if isinstance(ev, dict) and ev.get("kind") in _NO_PORT_KINDS and (ev.get("port") or ev.get("device")):
            out.append({"serial": ev.get("port") or ev.get("device"), "name": ev.get("name"), "line": ev.get("line"),
                        "source": ev.get("source"), "where": f"klippy.log [{ev.get('name') or 'mcu'}]"})
    return out


# (deepen-serial s19) an open failure that names no cause (esptool 4.x's "Could not open COM3, the port is busy or doesn't
# exist", a tool's bare "could not open port"): checked against a port listing of the same text, a port the listing lacks is
# not there (a listed one is skipped: held or refused instead)
_OPEN_CAUSE_KINDS = {"serial_permission_denied", "serial_port_busy", "serial_port_locked", "serial_in_use", "serial_io_error",
                     "serial_no_such_port", "serial_multiple_access", "serial_config_failed", "serial_baud_unsupported"}


def _open_failed_uncaused(ev: dict[str, Any], run: dict[str, Any]) -> bool:
    if ev.get("kind") != "serial_open_failed" or ev.get("errno") or not isinstance(ev.get("port"), str):
        return False
    if not re.match(r"(?:/dev/|(?:\\\\[.?]\\)?COM\d)", ev["port"], re.I):
        return False  # a bare name (cu's `ttyUSB0`) is the relative-path clause's to judge
    return not any(isinstance(o, dict) and o.get("kind") in _OPEN_CAUSE_KINDS for o in run.get("events") or [])


def _swap_prefix(name: str) -> str:
    low = name.lower()
    for prefix in ("usb-katapult_", "usb-klipper_", "usb-canboot_"):
        if low.startswith(prefix):
            return "usb-X_" + low[len(prefix):]
    return low


def _service_state(facts: dict[str, Any], prefix: str) -> tuple[str | None, str | None]:
    """(unit, state) of the first service whose name starts with `prefix` (case-insensitive) and is running;
    a process of that name counts as running. (None, None) when nothing says it runs."""
    host = _ns(facts, "host")
    services = host.get("services")
    if isinstance(services, dict):
        for unit, state in services.items():
            if str(unit).lower().startswith(prefix) and str(state).lower() in ("active", "activating", "running", "reloading"):
                return str(unit), str(state)
    for proc in host.get("processes") or []:
        if isinstance(proc, dict) and str(proc.get("comm") or "").lower().startswith(prefix):
            return str(proc.get("unit") or proc.get("comm")), "running"
    return None, None


_USB_SERIAL_VIDS = {"1a86", "10c4", "0403", "067b"}  # CH34x, CP210x, FTDI, PL2303


_KLIPPER_USB_NAME = re.compile(r"(?:^|/)usb-[Kk]lipper_(?P<mcu>[0-9A-Za-z]+)_[0-9A-Za-z]+-if\d\d\b")
_KLIPPER_MCUS: tuple[frozenset[str], re.Pattern[str]] | None = None


def _klipper_mcus() -> tuple[frozenset[str], re.Pattern[str]]:
    global _KLIPPER_MCUS
    if _KLIPPER_MCUS is None:
        data = _knowledge_toml("klipper_mcus.toml")
        _KLIPPER_MCUS = (frozenset(n.lower() for n in data["names"]), re.compile(data["judged"]))
    return _KLIPPER_MCUS


def _cfg_mcu_serials(facts: dict[str, Any]) -> list[tuple[str, str, Any, Any]]:
    """(serial path, section name, line, source) of each printer.cfg [mcu ...] section that names a serial port."""
    cfg = _ns(facts, "klipper").get("printer_cfg") or {}
    return [(m["serial"], m.get("name", "mcu"), m.get("line"), m.get("source") or cfg.get("path"))
            for m in cfg.get("mcus") or [] if isinstance(m, dict) and isinstance(m.get("serial"), str)]


@deriver("klipper_name_impossible", fields=("path", "mcu", "where", "line", "source", "reason"))
def klipper_name_impossible(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(session 5, SER005) A Klipper serial link whose MCU part no Klipper build can print: usb-Klipper_<CONFIG_MCU>_...
    takes the name from the build (knowledge/klipper_mcus.toml), so "usb-Klipper_stm32f100xe_..." was typed by hand
    (Klipper#3223: stm32f100xe for stm32f103xe). Paths from printer.cfg, a pasted listing, or a program that tried them."""
    names, judged = _klipper_mcus()
    serial = _ns(facts, "serial")
    seen: list[tuple[str, str, Any, Any]] = [(path, f"printer.cfg [{section}] serial", line, source)
                                             for path, section, line, source in _cfg_mcu_serials(facts)]
    for e in serial.get("by_id") or []:
        if isinstance(e, dict) and isinstance(e.get("name"), str) and e.get("origin") != "live":
            seen.append((e["name"], "the pasted /dev/serial/by-id name", e.get("line"), e.get("source")))
    for t in _tried_ports(facts):
        if isinstance(t.get("serial"), str):
            seen.append((t["serial"], t.get("where") or "the port a program was given", t.get("line"), t.get("source")))
    out: list[dict[str, Any]] = []
    done: set[str] = set()
    for path, where, line, source in seen:
        m = _KLIPPER_USB_NAME.search(path)
        if not m or path in done:
            continue
        mcu = m.group("mcu").lower()
        # (klipper-host, session 6) Klipper's USB manufacturer string is "Klipper" in every build (src/generic/usb_cdc.c and
        # usb_canbus.c USB_STR_MANUFACTURER), so udev's link always reads usb-Klipper_...: a lower-case usb-klipper_ was
        # typed by hand and names nothing (Rappetor/Sovol-SV08-Mainline#102)
        if "usb-klipper_" in path:
            done.add(path)
            out.append({"path": path, "mcu": mcu, "where": where, "line": line or path, "source": source, "reason": "case"})
            continue
        if mcu in names or not judged.match(mcu):
            continue
        done.add(path)
        out.append({"path": path, "mcu": mcu, "where": where, "line": line or path, "source": source, "reason": "mcu"})
    return out


# The USB names of firmware that is not Klipper, as udev's by-id link spells them (usb-<vendor>_<product>_<serial>-ifNN):
# Katapult/CanBoot (usb_cdc.c USB_STR_MANUFACTURER "katapult"/"CanBoot"), Marlin (marlinfw.org), ST's CDC example and
# Marlin on STM32 ("STMicroelectronics_STM32_Virtual_ComPort"), MicroPython/CircuitPython, the Seeed and Raspberry Pi
# stock firmware of XIAO/Pico boards, RepRapFirmware (Duet3D). USB-serial bridges (CH34x, FTDI, CP210x, PL2303, an
# Arduino/Prusa/RAMBo 16U2/32U2) carry their own names whatever the MCU runs, so they are never judged.
_NOT_KLIPPER_USB = re.compile(
    r"(?:^|/)usb-(?:(?P<bootloader>katapult|CanBoot)_|(?P<vendor>marlinfw\.org|STMicroelectronics_STM32_Virtual_ComPort|STMicroelectronics_MARLIN|"
    r"MicroPython|Adafruit_CircuitPython|Seeed(?:_Studio)?|Raspberry_Pi_Pico|Duet3D)_)[^/\s]*-if\d\d\b", re.I)


@deriver("klipper_cfg_not_klipper", fields=("path", "section", "vendor", "line", "source", "reason"))
def klipper_cfg_not_klipper(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(session 6, BOOT009) printer.cfg points an [mcu] at a by-id name that is not Klipper's: Klipper's boards appear as
    usb-Klipper_<mcu>_..., so a usb-katapult_/usb-CanBoot_ name was copied while the board sat in its bootloader
    (reason "bootloader"), and a Marlin, MicroPython, Seeed or Pico name belongs to the firmware it still runs
    (reason "other-firmware")."""
    out: list[dict[str, Any]] = []
    for path, section, _line, source in _cfg_mcu_serials(facts):
        hit = _NOT_KLIPPER_USB.search(path)
        if hit is None:
            continue
        out.append({"path": path, "section": section or "mcu", "vendor": hit.group("bootloader") or hit.group("vendor"),
                    "line": f"serial: {path}", "source": source,
                    "reason": "bootloader" if hit.group("bootloader") else "other-firmware"})
    return out


# (session 8, vendor-repos) the USB names that say a board still runs its stock firmware, as udev's by-id link and lsusb
# give them: Marlin's own (usb-marlinfw.org_Marlin_USB_Device_...), the BTT/ST builds of Marlin
# ("usb-STMicroelectronics_MARLIN_<board>_CDC_in_FS_Mode_..." on SKR mini E3 V3, Octopus...), and ST's CDC id 0483:5740
# "STMicroelectronics Virtual COM Port" (Marlin on STM32 and ST's examples; Klipper enumerates as 1d50:614e, its
# bootloaders as 0483:df11 or 1d50:6177). Bridges (CH34x, FTDI, CP210x, 16U2) say nothing about the firmware.
# They are the stock-firmware vendors of _NOT_KLIPPER_USB (the by-id names printer.cfg must not point at):
_STOCK_FW_VENDORS = frozenset({"marlinfw.org", "stmicroelectronics_marlin", "stmicroelectronics_stm32_virtual_comport"})


def _printer_context(facts: dict[str, Any]) -> bool:
    """The snapshot is about a Klipper/printer board: a Klipper .config, printer.cfg, klippy.log or build, Katapult,
    an SD-card flash, or a `usb-Klipper_`/Marlin by-id link."""
    if _ns(facts, "klipper") or _ns(facts, "katapult") or _ns(facts, "sdcard"):
        return True
    names = [str(e.get("name") or "").lower() for e in _ns(facts, "serial").get("by_id") or [] if isinstance(e, dict)]
    return any("klipper" in n or "marlin" in n or "katapult" in n for n in names)


@deriver("board_runs_other_firmware", fields=("name", "vendor", "how", "klipper_seen", "line", "source"))
def board_runs_other_firmware(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(session 8) A board listed under the USB name of Marlin (or ST's CDC id) rather than Klipper's: the Klipper image
    that was copied or flashed never replaced the stock firmware. `klipper_seen` tells whether a usb-Klipper_ link or
    a 1d50:614e device is listed beside it (another board, then)."""
    serial = _ns(facts, "serial")
    usb = _ns(facts, "usb")
    klipper_seen = any(str(e.get("name", "")).startswith("usb-Klipper_") for e in serial.get("by_id") or [] if isinstance(e, dict))
    klipper_seen |= any(d.get("vid") == "1d50" and d.get("pid") == "614e" for d in usb.get("devices") or [] if isinstance(d, dict))
    out: list[dict[str, Any]] = []
    for entry in serial.get("by_id") or []:
        if not isinstance(entry, dict):
            continue
        name = str(entry.get("name") or "")
        hit = _NOT_KLIPPER_USB.search(name)
        if hit and (hit.group("vendor") or "").lower() in _STOCK_FW_VENDORS:
            out.append({"name": name, "vendor": "Marlin" if "marlin" in name.lower() else "ST's CDC example",
                        "how": "by-id", "klipper_seen": klipper_seen, "line": entry.get("line") or name, "source": entry.get("source")})
    for dev in usb.get("devices") or []:
        if not isinstance(dev, dict) or dev.get("origin") != "pasted":
            continue
        strings = f"{dev.get('manufacturer') or ''} {dev.get('product') or ''}".lower()
        ident = (dev.get("vid"), dev.get("pid"))
        if "marlin" in strings or ident == ("1d50", "6029"):
            # lsusb -v's iManufacturer/iProduct "marlinfw.org" / "Marlin USB Device", or Marlin's own id 1d50:6029
            # (its LPC176x builds, SKR 1.3/1.4)
            vendor = "Marlin"
        elif ident == ("0483", "5740"):
            # (dfu-usb s11) ST's CDC id alone is every STM32 USB-serial example's and many products' (NanoVNA,
            # Betaflight/INAV in VCP mode): it says "not Klipper" only where the text is about a Klipper or printer
            # board (ttrftech/NanoVNA #142: 0483:5740 after a healthy DFU update)
            if not _printer_context(facts):
                continue
            vendor = "ST's CDC (Marlin on STM32)"
        else:
            continue
        out.append({"name": f"{ident[0]}:{ident[1]} " + str(dev.get("product") or dev.get("description") or ""), "vendor": vendor,
                    "how": "lsusb", "klipper_seen": klipper_seen, "line": dev.get("line"), "source": dev.get("source")})
    return out


@deriver("flash_to_other_firmware", fields=("device", "vendor", "line", "source", "lineno"))
def flash_to_other_firmware(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(board-vendors s13) Klipper's `make flash FLASH_DEVICE=<by-id path>` aimed at the USB name of a board that runs its
    stock firmware (usb-marlinfw.org_Marlin_USB_Device_..., ST's Marlin CDC): flash_usb.py's enter_bootloader() only
    toggles that port at 1200 baud, which Klipper (and Katapult) answer by rebooting into the bootloader and Marlin
    ignores, so the dfu-util / hid-flash step that follows finds no bootloader (Klipper #3663: SKR 1.4 Turbo still on
    Marlin)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    # flash-sdcard.sh prints the same "Flashing <bin> to <device>" line (read as a make-flash target): it talks to the
    # running Klipper itself, so a Marlin device there is refused for another reason (sd_connect_failed)
    sd_sources = {r.get("source") for r in _ns(facts, "sdcard").get("runs") or [] if isinstance(r, dict)}
    for run in _ns(facts, "flash").get("runs") or []:
        if not isinstance(run, dict) or run.get("tool") != "make-flash" or run.get("source") in sd_sources:
            continue
        for ev in run.get("events") or []:
            if not isinstance(ev, dict) or ev.get("kind") not in ("flash_target", "entering_bootloader", "flash_failed"):
                continue
            device = str(ev.get("device") or "")
            hit = _NOT_KLIPPER_USB.search(device)
            if hit is None or (hit.group("vendor") or "").lower() not in _STOCK_FW_VENDORS or device in seen:
                continue
            seen.add(device)
            out.append({"device": device, "vendor": "Marlin" if "marlin" in device.lower() else "ST's CDC example",
                        "line": ev.get("line"), "source": ev.get("source"), "lineno": ev.get("lineno")})
    return out


_KATAPULT_IMAGE = re.compile(r"(?:^|/)(?:katapult|canboot)[\w.-]*\.bin$", re.I)


@deriver("katapult_app_still_runs", fields=("name", "image", "line", "source", "lineno"))
def katapult_app_still_runs(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(board-vendors s13) dfu-util wrote katapult.bin (canboot.bin) to the start of flash without a mass erase, and a
    /dev/serial/by-id listing later in the same paste shows the board as usb-Klipper_<mcu>_... and no usb-katapult_ /
    usb-CanBoot_ device: Katapult is in place, found the Klipper application still in flash and started it, as it does
    on every reset that carries no bootloader request (Esoterical/voron_canbus #85, Manta M8P). To stay in Katapult the
    board needs a double press of reset (when built with it) or `flashtool.py -r`."""
    out: list[dict[str, Any]] = []
    by_id = [e for e in _ns(facts, "serial").get("by_id") or [] if isinstance(e, dict) and isinstance(e.get("lineno"), int)]
    if not by_id:
        return out
    for run in _ns(facts, "dfu").get("runs") or []:
        if not isinstance(run, dict) or not (run.get("success") or run.get("download_complete")):
            continue
        image = str((run.get("extra") or {}).get("image") or "")
        if not _KATAPULT_IMAGE.search(image) or run.get("address") not in (None, 0x08000000):
            continue
        if "mass-erase" in str(run.get("command") or ""):
            continue  # the old application was erased with it
        linenos = [int(e["lineno"]) for e in run.get("events") or [] if isinstance(e, dict) and isinstance(e.get("lineno"), int)]
        if not linenos:
            continue
        after = [e for e in by_id if e.get("source") == run.get("source") and e["lineno"] > max(linenos)]
        names = [str(e.get("name") or "") for e in after]
        if any(n.lower().startswith(("usb-katapult_", "usb-canboot_")) for n in names):
            continue
        for e in after:
            if str(e.get("name") or "").startswith("usb-Klipper_"):
                out.append({"name": e.get("name"), "image": image, "line": e.get("line"), "source": e.get("source"), "lineno": e["lineno"]})
                break
    return out


@deriver("brltty_grab", fields=("vid", "pid", "role_name", "product", "service", "line", "source", "reason"))
def brltty_grab(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """USB-serial adapters without a tty while brltty runs (SER001 from a live scan or a pasted systemctl/lsusb)."""
    unit, _state = _service_state(facts, "brltty")
    if unit is None:
        return []
    serial = _ns(facts, "serial")
    no_tty_listing = any(re.search(r"ttyUSB|by-id", str(m.get("path", ""))) for m in serial.get("missing") or [])
    ttys_present = any(str(n.get("device", "")).startswith("/dev/ttyUSB") for n in serial.get("nodes") or [])
    ttys_present |= any(str(p.get("device", "")).startswith("/dev/ttyUSB") for p in serial.get("ports") or [])
    out = []
    for dev in _ns(facts, "usb").get("devices") or []:
        if not isinstance(dev, dict):
            continue
        if dev.get("kind") != "usb-serial" and dev.get("vid") not in _USB_SERIAL_VIDS:
            continue
        ttys = dev.get("ttys")
        if isinstance(ttys, list):
            if ttys:
                continue
            reason = "no tty"
        elif no_tty_listing and not ttys_present:
            reason = "no /dev/ttyUSB* listed"
        else:
            continue
        out.append({
            "vid": dev.get("vid"), "pid": dev.get("pid"), "role_name": dev.get("role_name") or dev.get("product") or "USB-serial adapter",
            "product": dev.get("product"), "service": unit, "line": dev.get("line"), "source": dev.get("source"), "reason": reason,
        })
    return out


@deriver("brltty_running", fields=("service", "state"))
def brltty_running(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(deepen-serial s19) brltty runs on this host: a brltty unit active or activating (a pasted `systemctl status
    brltty-udev`, a live scan), or a brltty process. The text alone, without a USB-serial device (brltty_grab)."""
    unit, state = _service_state(facts, "brltty")
    return [{"service": unit, "state": state}] if unit else []


@deriver("modemmanager_exposed", fields=("device", "vid", "pid", "service", "line", "source"))
def modemmanager_exposed(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """CDC-ACM ports ModemManager may open and probe: it runs and nothing tells it to ignore them (SER002)."""
    unit, _state = _service_state(facts, "modemmanager")
    if unit is None:
        return []
    rules = [r for r in _ns(facts, "host").get("udev_rules") or [] if isinstance(r, dict) and r.get("mm_ignore")]
    out = []
    for port in _ns(facts, "serial").get("ports") or []:
        if not isinstance(port, dict):
            continue
        device = str(port.get("device") or "")
        if port.get("kind") != "usb-acm" and not device.startswith("/dev/ttyACM"):
            continue
        if port.get("mm_ignore"):
            continue
        usb: dict[str, Any] = port["usb"] if isinstance(port.get("usb"), dict) else {}
        vid, pid = usb.get("vid"), usb.get("pid")
        if any(r.get("vid") in (None, "", vid) and r.get("pid") in (None, "", "*", pid) and (r.get("vid") or r.get("pid")) for r in rules):
            continue
        out.append({"device": device, "vid": vid, "pid": pid, "service": unit, "line": port.get("line"), "source": port.get("source")})
    known = {o["device"] for o in out}
    for run in _ns(facts, "serial").get("runs") or []:  # pasted: a ttyACM that was busy, dropped or vanished
        for ev in (run.get("events") or []) if isinstance(run, dict) else []:
            port = str(ev.get("port") or "") if isinstance(ev, dict) else ""
            if "ttyACM" in port and port not in known and ev.get("kind") in _MM_SYMPTOMS:
                known.add(port)
                out.append({"device": port, "vid": None, "pid": None, "service": unit, "line": ev.get("line"), "source": ev.get("source")})
    return out


_MM_SYMPTOMS = ("serial_port_busy", "serial_multiple_access", "serial_io_error", "serial_port_locked")


_UART_PATH = re.compile(r"/dev/(?:ttyS\d|ttyAMA\d|serial\d|ttyUSB\d|ttyCH\w+|ttyTHS\d|ttyO\d|ttymxc\d)|/dev/serial/by-(?:id|path)/\S*-port\d+$")


def _config_baud(cfg: Any) -> int | None:
    values = cfg.get("values") if isinstance(cfg, dict) else None
    if not isinstance(values, dict):
        # (deepen-ser-usb-fw s18) a menuconfig screen has no values, only its "(115200) Baud rate for serial port" row
        baud = cfg.get("serial_baud") if isinstance(cfg, dict) else None
        return baud if isinstance(baud, int) and not isinstance(baud, bool) and baud > 0 else None
    for key in ("CONFIG_SERIAL_BAUD", "SERIAL_BAUD"):
        if values.get(key) not in (None, ""):
            try:
                return int(str(values[key]).strip().strip('"'), 0)
            except ValueError:
                return None
    return None


@deriver("baud_mismatch", fields=("used", "built", "where", "built_in", "device", "line", "source"))
def baud_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """A UART baud rate in use that differs from the one the firmware or bootloader was built for (SER007).

    Compared: printer.cfg `[mcu] baud` (Klipper's default 250000 when unset) on a UART path against Klipper's
    .config CONFIG_SERIAL_BAUD; flashtool's `-b` against Katapult's .config CONFIG_SERIAL_BAUD. USB CDC-ACM
    ports ignore the baud rate, so they are never judged.
    """
    klipper = _ns(facts, "klipper")
    out: list[dict[str, Any]] = []
    klipper_baud = _config_baud(klipper.get("config"))
    katapult_baud = _config_baud(klipper.get("katapult_config"))
    cfg = klipper.get("printer_cfg") or {}
    if klipper_baud:
        for mcu in cfg.get("mcus") or []:
            path = str(mcu.get("serial") or "")
            if not _UART_PATH.search(path):
                continue
            used = mcu.get("baud") or 250000
            if used != klipper_baud:
                out.append({"used": used, "built": klipper_baud, "where": f"printer.cfg [{mcu.get('name', 'mcu')}] baud", "built_in": "Klipper .config CONFIG_SERIAL_BAUD",
                            "device": path, "line": mcu.get("line"), "source": cfg.get("path")})
    if katapult_baud:
        for run in _ns(facts, "katapult").get("runs") or []:
            used = run.get("baud")
            device = str(run.get("device") or "")
            if not used or (device and not _UART_PATH.search(device) and not device.startswith("/dev/tty")):
                continue
            if device.startswith("/dev/ttyACM") or "usb-katapult" in device.lower() or "usb-klipper" in device.lower():
                continue
            if used != katapult_baud:
                out.append({"used": used, "built": katapult_baud, "where": "flashtool.py -b", "built_in": "Katapult .config CONFIG_SERIAL_BAUD",
                            "device": device, "line": run.get("command") or run.get("line"), "source": run.get("source")})
    return out


# (spent-d s10) avrdude uploads that go through the board's own bootloader: what they write is a sketch, from address 0
_BOOTLOADER_PROTOCOLS = ("arduino", "urclock", "wiring", "avr109", "butterfly")
# avrdude's serial programmers whose -b must equal the other end's own speed: those bootloaders, and the STK500 protocols
# (ArduinoISP, an STK500 on a serial port); a USB or ISP programmer's -b is not the target's. The sync failures a wrong -b gives
_SERIAL_BOOTLOADER_PROGRAMMERS = frozenset(_BOOTLOADER_PROTOCOLS) | {"stk500v1", "stk500", "stk500v2"}
_SYNC_FAILED = frozenset(("not_in_sync", "programmer_not_responding"))
_SYNC_REACHED = frozenset(("avr_signature", "bytes_written", "bytes_verified"))


@deriver("baud_retry_worked", fields=("failed_baud", "ok_baud", "programmer", "device", "line", "source", "lineno"))
def baud_retry_worked(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Two pasted avrdude runs of one upload that differ in -b: the run at one baud never got the bootloader's sync, the
    run at another baud (same serial-bootloader programmer, same port where both name one) read the chip. The bootloader
    listens at the second speed (SER007): deanmao/avrdude-rpi#1, a Nano at -b 115200 'not in sync: resp=0x00', then at
    -b 57600 'Device signature = 0x1e950f'."""
    runs: list[dict[str, Any]] = []
    for run in _ns(facts, "avrdude").get("runs") or []:
        if not isinstance(run, dict) or run.get("origin") == "live":
            continue
        cmds = [c for c in run.get("commands") or [] if isinstance(c, dict) and isinstance(c.get("lineno"), int)]
        if len(cmds) < 2:
            runs.append(run)
            continue
        # one block quoting several attempts: each command line and the events up to the next one are an attempt
        evs = [e for e in run.get("events") or [] if isinstance(e, dict)]
        for i, cmd in enumerate(cmds):
            end = cmds[i + 1]["lineno"] if i + 1 < len(cmds) else None
            part = [e for e in evs if isinstance(e.get("lineno"), int) and e["lineno"] > cmd["lineno"] and (end is None or e["lineno"] < end)]
            runs.append({**{k: v for k, v in cmd.items() if k != "lineno"}, "source": run.get("source"), "events": part})

    def kinds(run: dict[str, Any]) -> set[str]:
        return {str(e.get("kind")) for e in run.get("events") or [] if isinstance(e, dict)}

    out: list[dict[str, Any]] = []
    for bad in runs:
        if bad.get("programmer") not in _SERIAL_BOOTLOADER_PROGRAMMERS or not isinstance(bad.get("baud"), int):
            continue
        bad_kinds = kinds(bad)
        if not bad_kinds & _SYNC_FAILED or bad_kinds & _SYNC_REACHED:
            continue
        for good in runs:
            if good is bad or good.get("programmer") != bad.get("programmer") or not isinstance(good.get("baud"), int):
                continue
            if good["baud"] == bad["baud"] or not kinds(good) & _SYNC_REACHED:
                continue
            if bad.get("device") and good.get("device") and bad["device"] != good["device"]:
                continue
            if bad.get("part") and good.get("part") and str(bad["part"]).lower() != str(good["part"]).lower():
                continue
            ev = next(e for e in bad.get("events") or [] if isinstance(e, dict) and e.get("kind") in _SYNC_FAILED)
            out.append({"failed_baud": bad["baud"], "ok_baud": good["baud"], "programmer": bad.get("programmer"),
                        "device": bad.get("device") or good.get("device"), "line": ev.get("line"), "source": ev.get("source") or bad.get("source"),
                        "lineno": ev.get("lineno")})
            break
    return out


_YES = ("yes", "y", "true", "1")
_USB_SEEN = ("usb_new_device", "usb_device_ids", "usb_descriptor_error", "usb_address_error", "usb_enumerate_failed",
             "usb_cannot_enable", "usb_disconnect", "tty_attached")


@deriver("no_usb_on_plug", fields=("answer", "events", "line", "source"))
def no_usb_on_plug(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The board was (re)plugged while doctor watched, or the person says so, and the kernel printed nothing (USB001).

    Facts read: `answers.replugged` ("yes": the person unplugged and replugged the board while `doctor watch`
    ran) with the kernel events watch recorded (`kernel.events[]` with origin "watch"); or
    `answers.no_kernel_event_on_plug` ("yes": the person says dmesg -w showed nothing on plug-in).
    """
    answers = facts.get("answers")
    if not isinstance(answers, dict):
        return []
    said_nothing = str(answers.get("no_kernel_event_on_plug", "")).lower() in _YES
    replugged = str(answers.get("replugged", "")).lower() in _YES
    if not (said_nothing or replugged):
        return []
    seen = [e for e in _ns(facts, "kernel").get("events") or [] if isinstance(e, dict) and e.get("origin") == "watch" and e.get("kind") in _USB_SEEN]
    watch = _ns(facts, "watch")
    seen += [e for e in watch.get("events") or [] if isinstance(e, dict) and e.get("kind") in ("usb_add", "tty_add")]
    sources = watch.get("sources")
    if replugged and not said_nothing and isinstance(sources, dict) and sources and not any(sources.values()):
        return []  # watch could read neither udev nor the kernel log: its silence says nothing
    if replugged and not said_nothing and seen:
        return []
    if said_nothing and seen:
        return []
    answer = "no kernel event while doctor watched a replug" if replugged and not said_nothing else "you saw no kernel message on plug-in"
    return [{"answer": answer, "events": 0, "line": answer, "source": "answers"}]


_ENUM_ERRORS = ("usb_descriptor_error", "usb_address_error", "usb_enumerate_failed", "usb_cannot_enable")


@deriver("enumeration_failures", fields=("port", "count", "codes", "recovered", "line", "source", "lineno"))
def enumeration_failures(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Per USB port: the kernel's enumeration errors (descriptor read, address, unable to enumerate, cannot
    enable) and whether the device enumerated after the last of them (`recovered`) (USB002)."""
    by_port: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for ev in _ns(facts, "kernel").get("events") or []:
        if not isinstance(ev, dict):
            continue
        port = str(ev.get("port") or "?")
        kind = ev.get("kind")
        if kind in _ENUM_ERRORS:
            item = by_port.get(port)
            if item is None:
                item = {"port": port, "count": 0, "codes": [], "recovered": False, "line": ev.get("line"),
                        "source": ev.get("source"), "lineno": ev.get("lineno")}
                by_port[port] = item
                order.append(port)
            item["count"] += 1
            item["recovered"] = False
            code = ev.get("code")
            if isinstance(code, int) and code not in item["codes"]:
                item["codes"].append(code)
        elif kind in ("usb_device_ids", "tty_attached") and port in by_port:
            by_port[port]["recovered"] = True
    present = {str(d.get("port_path")) for d in _ns(facts, "usb").get("devices") or [] if isinstance(d, dict) and d.get("port_path")}
    for port in order:  # a live scan: a device sits on that port now, so it did enumerate in the end
        if port in present:
            by_port[port]["recovered"] = True
    return [by_port[p] for p in order]


# the USB vendor id of the bridges each usb-serial driver binds (ch341/ch34x: WCH, cp210x: Silicon Labs, ftdi_sio: FTDI)
_BRIDGE_VENDOR = {"ch341": "1a86", "ch34x": "1a86", "cp210x": "10c4", "ftdi_sio": "0403"}


@deriver("tty_detached_alone", fields=("tty", "port", "driver", "line", "source", "lineno"))
def tty_detached_alone(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """USB-serial ttys whose driver let go while the USB device stayed connected (no `USB disconnect` for
    it nearby): a user-space program took the device over, brltty in practice (SER001)."""
    events = [e for e in _ns(facts, "kernel").get("events") or [] if isinstance(e, dict)]
    ports: set[tuple[Any, Any]] = set()
    lines: set[tuple[Any, int]] = set()
    for d in events:
        if d.get("kind") == "usb_disconnect":
            if d.get("port"):
                ports.add((d.get("source"), d["port"]))
            if isinstance(d.get("lineno"), int):
                lines.add((d.get("source"), d["lineno"]))
    # the tty lines themselves, so that the usb-serial core's interface-level "ch341 1-4.1.3:1.0: device disconnected"
    # (usb-serial.c usb_serial_disconnect, which names no tty) counts only where no tty line of its own was printed near it
    tty_lines = {(d.get("source"), d["lineno"]) for d in events
                 if d.get("kind") == "tty_detached" and d.get("tty") and isinstance(d.get("lineno"), int)}
    # and only where the same text lists that bridge still on the bus (a pasted lsusb): a bare interface line is also
    # what a plain unplug leaves in `dmesg | grep ch34`
    on_bus = {str(d.get("vid") or "").lower() for d in _ns(facts, "usb").get("devices") or []
              if isinstance(d, dict) and (d.get("kind") == "usb-serial" or d.get("role") == "usb-serial")}
    # (deepen-serial s19) the serial driver unloaded just before (rmmod ftdi_sio: "USB Serial deregistering driver"): its
    # ttys go with it, no program took the device
    unloaded = {(d.get("source"), d["lineno"]) for d in events if d.get("kind") == "driver_deregistered" and isinstance(d.get("lineno"), int)}
    # (intl s24w2) the same tty attached next on the same USB port by another serial driver (ch341 after cp210x): one
    # socket holds one adapter, so this one was unplugged and another plugged in its place, which a `dmesg | grep tty` does
    # not show (its "USB disconnect" line is filtered out). The detach line names no port: the tty's attach before it does.
    # Another driver on another port proves nothing (the user tried a second adapter while brltty held the first), and
    # brltty taking an adapter again after a replug leaves the same driver attaching each time. The attach line names the
    # converter ("FTDI USB Serial Device", "ch341-uart"), the detach line its driver too ("ftdi_sio", "ch341-uart"): both
    # are brought to the driver's name
    def _drv(e: dict[str, Any]) -> str:
        word = str(e.get("name") or e.get("driver") or "").strip().lower()
        word = word.split()[0] if word else ""
        if word.startswith("ftdi"):
            return "ftdi_sio"
        if word.startswith("ch34"):
            return "ch341"
        return word.split("-")[0]
    next_attach: dict[int, tuple[Any, str]] = {}
    following: dict[tuple[Any, Any], tuple[Any, str]] = {}
    for i in range(len(events) - 1, -1, -1):
        e = events[i]
        if e.get("tty") and e.get("kind") == "tty_attached":
            following[(e.get("source"), e["tty"])] = (e.get("port"), _drv(e))
        elif e.get("tty") and e.get("kind") == "tty_detached" and (e.get("source"), e["tty"]) in following:
            next_attach[i] = following[(e.get("source"), e["tty"])]
    prev_port: dict[int, Any] = {}
    attached_at: dict[tuple[Any, Any], Any] = {}
    for i, e in enumerate(events):
        if e.get("tty") and e.get("kind") == "tty_attached":
            attached_at[(e.get("source"), e["tty"])] = e.get("port")
        elif e.get("tty") and e.get("kind") == "tty_detached":
            prev_port[i] = e.get("port") or attached_at.get((e.get("source"), e["tty"]))

    def _swapped(i: int, ev: dict[str, Any]) -> bool:
        port, drv = next_attach.get(i, (None, ""))
        return bool(port) and port == prev_port.get(i) and bool(drv) and bool(_drv(ev)) and drv != _drv(ev)
    out: list[dict[str, Any]] = []
    for i, ev in enumerate(events):
        if ev.get("kind") != "tty_detached" or not (ev.get("tty") or ev.get("port")):
            continue
        lineno = ev.get("lineno") if isinstance(ev.get("lineno"), int) else None
        src = ev.get("source")
        if lineno is not None and any((src, lineno - k) in unloaded for k in range(1, 6)):
            continue
        if _swapped(i, ev):
            continue
        if not ev.get("tty"):
            vendor = _BRIDGE_VENDOR.get(str(ev.get("driver") or "").split("-")[0])
            if vendor not in on_bus or (lineno is not None and any((src, lineno + k) in tty_lines for k in range(-3, 4))):
                continue
        near = bool(ev.get("port")) and (src, ev.get("port")) in ports
        near = near or (lineno is not None and any((src, lineno + k) in lines for k in range(-6, 7)))
        if len(out) >= 50:
            break
        if not near:
            tty = ev.get("tty") or f"the {ev.get('driver') or 'USB-serial'} port on USB {ev.get('port')}"
            out.append({"tty": tty, "port": ev.get("port"), "driver": ev.get("driver"), "line": ev.get("line"),
                        "source": ev.get("source"), "lineno": lineno})
    return out


_UART_MCU_PATH = re.compile(r"^/dev/(?:ttyS\d|ttyAMA\d|serial\d|ttyTHS\d|ttyO\d|ttymxc\d)")


@deriver("uart_silent", fields=("name", "serial", "line", "source", "lineno"))
def uart_silent(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """MCUs on a host UART (printer.cfg serial /dev/ttyS*, ttyAMA*, serial0) that klippy could not reach
    (`Timeout on connect`, `Unable to connect`) (SER006)."""
    klipper = _ns(facts, "klipper")
    paths = {}
    for mcu in (klipper.get("printer_cfg") or {}).get("mcus") or []:
        if isinstance(mcu, dict) and isinstance(mcu.get("serial"), str):
            paths[mcu.get("name") or "mcu"] = mcu["serial"]
    out = []
    seen: set[str] = set()
    for ev in (klipper.get("log") or {}).get("events") or []:
        if not isinstance(ev, dict) or ev.get("kind") not in ("mcu_connect_timeout", "mcu_unable_to_connect"):
            continue
        name = ev.get("name") or "mcu"
        path = paths.get(name) or ev.get("device") or ev.get("port")
        if isinstance(path, str) and _UART_MCU_PATH.match(path) and name not in seen:
            seen.add(name)
            out.append({"name": name, "serial": path, "line": ev.get("line"), "source": ev.get("source"), "lineno": ev.get("lineno")})
    return out


_ROM_DFU_ROLES = ("rom-dfu", "gd32v-dfu", "apm32-dfu")


@deriver("rom_dfu_after_flash", fields=("vid", "pid", "role_name", "line", "lineno", "source", "flashed", "flashed_lineno"))
def rom_dfu_after_flash(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(thin-mid s15) The ROM DFU device (0483:df11 ...) listed by a pasted lsusb BELOW a dfu-util run of the same text that
    wrote the whole image and asked the ROM to leave (`:leave`), with no Klipper or Katapult device listed: the board came
    back in its ROM bootloader after the flash (BOOT004: BOOT0 still set). An lsusb above the run is the usual proof the
    board was in DFU before it; one in another file has no order, and both stay with BOOT004's info row."""
    usb = _ns(facts, "usb")
    devices = [d for d in usb.get("devices") or [] if isinstance(d, dict)]
    if any(d.get("role") in ("klipper", "katapult") for d in devices):
        return []
    flashed: list[tuple[Any, int, dict[str, Any]]] = []
    for run in _ns(facts, "dfu").get("runs") or []:
        if not isinstance(run, dict) or run.get("origin") == "live" or not run.get("download_complete") or not run.get("leave"):
            continue
        at = [e["lineno"] for e in run.get("events") or [] if isinstance(e, dict) and isinstance(e.get("lineno"), int)]
        # (deepen-boot006 s19) a `dfu-util -l` typed after the flash joins the same run: its "Found DFU" lines are no part
        # of the flash, so the flash ends at its download/leave lines
        ends = [e["lineno"] for e in run.get("events") or [] if isinstance(e, dict) and isinstance(e.get("lineno"), int)
                and e.get("kind") in ("download_complete", "leave_requested")]
        at = ends or at
        if at:
            done = next((e for e in run.get("events") or [] if isinstance(e, dict) and e.get("kind") == "download_complete"), None)
            flashed.append((run.get("source"), max(at), done or {}))
    out: list[dict[str, Any]] = []
    for dev in devices:
        if dev.get("role") not in _ROM_DFU_ROLES or dev.get("origin") != "pasted":  # lsusb, or dfu-util -l's "Found DFU" below the run
            continue
        lineno = dev.get("lineno")
        if not isinstance(lineno, int):
            continue
        before = [(last, done) for src, last, done in flashed if src == dev.get("source") and last < lineno]
        if before:
            last, done = max(before, key=lambda b: b[0])
            out.append({"vid": dev.get("vid"), "pid": dev.get("pid"), "role_name": dev.get("role_name"), "line": dev.get("line"),
                        "lineno": lineno, "source": dev.get("source"), "flashed": done.get("line"), "flashed_lineno": done.get("lineno")})
    return out


@deriver("rom_dfu_apart_from_flash", fields=("vid", "pid", "role_name", "line", "lineno", "source", "missing"))
def rom_dfu_apart_from_flash(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(deepen-boot006 s19) The flash and the look afterwards pasted as separate texts: one text holds a dfu-util run that wrote
    the whole image and sent the leave request; another holds the ROM DFU device (lsusb, dfu-util -l) and no
    /dev/serial/by-id at all (`ls` failing), with no Klipper or Katapult device anywhere. Nobody looks for /dev/serial/by-id
    to flash in DFU, so that look is the one after the flash (BOOT004). Within one text the order decides
    (rom_dfu_after_flash): a listing above the flash is the usual proof that the board was in DFU before it."""
    if any(d.get("role") in ("klipper", "katapult") for d in usb_seen(facts)):
        return []
    devices = [d for d in _ns(facts, "usb").get("devices") or [] if isinstance(d, dict)]
    flashed = {run.get("source") for run in _ns(facts, "dfu").get("runs") or []
               if isinstance(run, dict) and run.get("origin") != "live" and run.get("download_complete") and run.get("leave")}
    if not flashed:
        return []
    missing = [m for m in _ns(facts, "serial").get("missing") or [] if isinstance(m, dict) and m.get("origin") != "live"
               and "/dev/serial/by-id" in str(m.get("path") or "") and m.get("source") not in flashed]
    if not missing:
        return []
    out: list[dict[str, Any]] = []
    for dev in devices:
        if dev.get("role") in _ROM_DFU_ROLES and dev.get("origin") == "pasted" and dev.get("source") not in flashed:
            out.append({"vid": dev.get("vid"), "pid": dev.get("pid"), "role_name": dev.get("role_name"), "line": dev.get("line"),
                        "lineno": dev.get("lineno"), "source": dev.get("source"), "missing": missing[0].get("line")})
    # a kernel log of another text whose last device on a port is the ROM DFU (no disconnect after it): the state of now
    last: dict[tuple[Any, str], dict[str, Any] | None] = {}
    for ev in _ns(facts, "kernel").get("events") or []:
        if not isinstance(ev, dict) or not ev.get("port") or ev.get("source") in flashed or ev.get("origin") == "live":
            continue
        key = (ev.get("source"), str(ev["port"]))
        if ev.get("kind") == "usb_disconnect":
            last[key] = None
        elif ev.get("kind") == "usb_device_ids" and ev.get("vid") and ev.get("pid"):
            last[key] = ev
    for ev in last.values():
        if not ev:
            continue
        cls = _classified(ev.get("vid"), ev.get("pid"), ev.get("product"), ev.get("manufacturer"))
        if cls.get("role") in _ROM_DFU_ROLES:
            out.append({"vid": ev.get("vid"), "pid": ev.get("pid"), "role_name": cls.get("role_name"), "line": ev.get("line"),
                        "lineno": ev.get("lineno"), "source": ev.get("source"), "missing": missing[0].get("line")})
    return out


@deriver("rom_dfu_back_after_app", fields=("vid", "pid", "app", "port", "line", "lineno", "source"))
def rom_dfu_back_after_app(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(deepen-boot006 s19) A kernel log in which one USB port showed a running application (Klipper, Katapult, any device
    that is no ROM bootloader), then a disconnect, then the ROM DFU device (0483:df11 "STM32  BOOTLOADER") as the last
    thing on that port: the board ran its firmware and came back in its ROM bootloader at the next reset or power-up, as
    it does while BOOT0 is held high (BOOT004). Mid-flash (make flash asking Klipper to reboot into DFU) looks the same
    until dfu-util runs: rules pair this with Klipper failing to connect, or rank it low."""
    events = [e for e in _ns(facts, "kernel").get("events") or [] if isinstance(e, dict)]
    state: dict[tuple[Any, str], dict[str, Any]] = {}
    for ev in events:
        port = ev.get("port")
        if not port:
            continue
        key = (ev.get("source"), str(port))
        st = state.setdefault(key, {"app": None, "dfu": None})
        kind = ev.get("kind")
        if kind == "usb_disconnect":
            st["dfu"] = None
        elif kind == "usb_device_ids" and ev.get("vid") and ev.get("pid"):
            role = _classified(ev.get("vid"), ev.get("pid"), ev.get("product"), ev.get("manufacturer")).get("role")
            if role in _ROM_DFU_ROLES:
                st["dfu"] = ev if st["app"] else None
            else:
                st["app"] = f"{ev.get('vid')}:{ev.get('pid')}" + (f" {ev.get('product')}" if ev.get("product") else "")
                st["dfu"] = None
    out: list[dict[str, Any]] = []
    for (source, port), st in state.items():
        ev = st["dfu"]
        if ev:
            out.append({"vid": ev.get("vid"), "pid": ev.get("pid"), "app": st["app"], "port": port, "line": ev.get("line"),
                        "lineno": ev.get("lineno"), "source": source})
    return out


@deriver("acm_dtr_rts_failures", fields=("port", "count", "line", "source", "lineno", "lost"))
def acm_dtr_rts_failures(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Per USB port: cdc-acm's "failed to set dtr/rts" (no protocol errors beside it). `lost`: the device left the bus
    after the failures, the link failing (USB003); otherwise a program opening and closing a port whose device did not
    answer (SER002's ModemManager, or the device's firmware)."""
    events = [e for e in _ns(facts, "kernel").get("events") or [] if isinstance(e, dict)]
    if any(e.get("kind") in ("urb_error", "usb_hub_error", "usb_emi_disabled", "usb_descriptor_error", "usb_address_error") for e in events):
        return []
    out: dict[str, dict[str, Any]] = {}
    for ev in events:
        port = str(ev.get("port") or "")
        if ev.get("kind") == "acm_dtr_rts_failed":
            item = out.setdefault(port, {"port": port or None, "count": 0, "line": ev.get("line"), "source": ev.get("source"),
                                         "lineno": ev.get("lineno"), "lost": False})
            item["count"] += 1
        elif ev.get("kind") == "usb_disconnect" and port in out:
            out[port]["lost"] = True  # the device left the bus after the failures
    return list(out.values())


# the Raspberry Pi overlays that give the GPIO UART the PL011 back from Bluetooth, by family (pi3- is the older name)
_BT_OVERLAYS = {"disable-bt": "disable-bt", "pi3-disable-bt": "disable-bt", "miniuart-bt": "miniuart-bt", "pi3-miniuart-bt": "miniuart-bt"}


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short overlay names only)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@deriver("uart_overlay_problems", fields=("name", "section", "problem", "near", "line", "source", "lineno"))
def uart_overlay_problems(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(pi-uart-hosts s13) A pasted config.txt whose Bluetooth/UART overlay does not take effect (SER006): a name the
    firmware does not know, one or two letters off disable-bt / miniuart-bt (`pi3-diable-bt`, GrovePi #389), or the
    overlay only under a model filter (`[pi4]`, `[cm4]`...) with none under [all] (genmon #389, a Pi 3); in Armbian's
    armbianEnv.txt a UART overlay written with the overlay_prefix it already gets (`sun8i-h3-uart1`, configng #592)."""
    config = _ns(facts, "host").get("boot_config")
    if not isinstance(config, dict):
        return []
    overlays = [o for o in config.get("overlays") or [] if isinstance(o, dict) and o.get("name")]
    prefix = str(config.get("overlay_prefix") or "").lower()
    applied = {_BT_OVERLAYS[str(o["name"]).lower()] for o in overlays
               if str(o["name"]).lower() in _BT_OVERLAYS and o.get("section", "all") == "all"}
    out = []
    for o in overlays:
        name = str(o["name"]).lower()
        family = _BT_OVERLAYS.get(name)
        item = {"name": o["name"], "section": o.get("section", "all"), "line": o.get("line"), "source": o.get("source"),
                "lineno": o.get("lineno")}
        if prefix and name.startswith(prefix + "-") and re.search(r"uart|serial", name[len(prefix) + 1:]):
            # Armbian loads ${overlay_prefix}-${name}.dtbo: the prefix written twice names no file (configng #592)
            out.append({**item, "problem": "prefix_doubled", "near": name[len(prefix) + 1:]})
            continue
        if family is not None:
            if item["section"] != "all" and family not in applied:
                out.append({**item, "problem": "model_filter", "near": family})
            continue
        dist, near = min((_edits(name, known), known) for known in _BT_OVERLAYS)
        if 0 < dist <= 2 and len(name) >= 6:
            out.append({**item, "problem": "misspelled", "near": near})
    return out


@deriver("usb_hub_resets", fields=("port", "children", "count", "line", "source", "lineno"))
def usb_hub_resets(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(pi-uart-hosts s13) A hub that dropped every device behind it at once and enumerated again: two or more devices on
    ports below one hub's port left the bus within a second, and that hub's port saw a new device within three seconds
    (hub.c `usb 1-1.2: USB disconnect, device number 16`, `usb 1-1.3: ...`, then `usb 1-1: new high-speed USB device`):
    a reset of the hub itself (the Raspberry Pi 3's on-board hub after EMI or a supply dip, Klipper #2600), not one
    cable or one board. An unplugged hub takes seconds to come back; kernel lines without a time are not judged."""
    recent: list[tuple[str, float, dict[str, Any]]] = []  # (port, time, event) of disconnects not yet explained
    out: dict[str, dict[str, Any]] = {}
    for ev in _ns(facts, "kernel").get("events") or []:
        if not isinstance(ev, dict) or not ev.get("port") or not isinstance(ev.get("time"), (int, float)):
            continue
        port, t, kind = str(ev["port"]), float(ev["time"]), ev.get("kind")
        if kind == "usb_disconnect":
            recent = [r for r in recent if t - r[1] <= 3.0] + [(port, t, ev)]
        elif kind == "usb_new_device":
            below = [r for r in recent if r[0].startswith(port + ".") and 0 <= t - r[1] <= 3.0]
            children = sorted({r[0] for r in below})
            if len(children) >= 2 and max(r[1] for r in below) - min(r[1] for r in below) <= 1.0:
                first = below[0][2]
                item = out.setdefault(port, {"port": port, "children": ", ".join(children), "count": 0, "line": first.get("line"),
                                             "source": first.get("source"), "lineno": first.get("lineno")})
                item["count"] += 1
                recent = [r for r in recent if r not in below]
    return list(out.values())


@deriver("usb_reconnects", fields=("port", "count", "line", "source", "lineno", "changed"))
def usb_reconnects(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Per USB port: how often a device was disconnected and enumerated again (USB003: drops under load).
    `changed`: every return came back as another device (other vid:pid) or as a bootloader (Katapult, DFU, BOOTSEL):
    a flash or a jump to the bootloader, not a link that dropped."""
    from doctor import devices

    pending: dict[str, dict[str, Any]] = {}
    counts: dict[str, dict[str, Any]] = {}
    ids: dict[str, tuple[str, str]] = {}  # port -> the last vid:pid seen on it
    judge: dict[str, tuple[dict[str, Any], tuple[str, str] | None]] = {}  # port -> (its reconnect item, ids before)
    for ev in _ns(facts, "kernel").get("events") or []:
        if not isinstance(ev, dict) or not ev.get("port"):
            continue
        port = str(ev["port"])
        kind = ev.get("kind")
        if kind == "usb_disconnect":
            pending[port] = ev
        elif kind == "usb_new_device" and port in pending:
            first = pending.pop(port)
            item = counts.setdefault(port, {"port": port, "count": 0, "line": first.get("line"), "source": first.get("source"),
                                            "lineno": first.get("lineno"), "changed": True})
            item["count"] += 1
            judge[port] = (item, ids.get(port))
        elif kind == "usb_device_ids" and ev.get("vid") and ev.get("pid"):
            now = (str(ev["vid"]).lower(), str(ev["pid"]).lower())
            ids[port] = now
            if port in judge:
                item, before = judge.pop(port)
                try:
                    boot = devices.classify(now[0], now[1], ev.get("manufacturer"), ev.get("product")).kind == "bootloader"
                except Exception:  # noqa: BLE001 - a malformed id judges nothing
                    boot = False
                if not boot and (before is None or before == now):
                    item["changed"] = False  # the same device (or one not known before) came back as it was
    for item, _ in judge.values():  # a return whose ids were never logged: not known to be a change
        item["changed"] = False
    return list(counts.values())


# --- Klipper / Katapult / CAN: configuration against what the tools reported -----------------------------

_M64 = (1 << 64) - 1


def _fasthash64(data: bytes, seed: int) -> int:
    """fasthash64 (Zilong Tan's public-domain hash), as Klipper and Katapult derive a CAN UUID from the chip id."""

    def mix(h: int) -> int:
        h ^= h >> 23
        h = (h * 0x2127599BF4325C37) & _M64
        return h ^ (h >> 47)

    m = 0x880355F21E6D1965
    h = (seed ^ (len(data) * m)) & _M64
    full = len(data) // 8
    for i in range(full):
        h ^= mix(int.from_bytes(data[i * 8:i * 8 + 8], "little"))
        h = (h * m) & _M64
    rest = data[full * 8:]
    if rest:
        h ^= mix(int.from_bytes(rest, "little"))
        h = (h * m) & _M64
    return mix(h)


def canbus_uuid_of_serial(serial: str) -> str | None:
    """The CAN UUID a Klipper/Katapult USB-to-CAN bridge has, from its USB serial (the chip id in hex)."""
    try:
        chip = bytes.fromhex(serial)
    except ValueError:
        return None
    if not 4 <= len(chip) <= 32:
        return None
    return _fasthash64(chip, 0xA16231A7).to_bytes(8, "little")[:6].hex()


_BYID_BOARD = re.compile(r"^usb-(katapult|Klipper|CanBoot|klipper)_([A-Za-z0-9]+)_([0-9A-Fa-f]{8,64})-if\d+", re.I)


def _usb_boards(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Klipper/Katapult USB devices known from by-id links and USB facts: {app, mcu, serial, line, source}."""
    out = []
    serial = _ns(facts, "serial")
    names = [(e.get("name") or "", e.get("line"), e.get("source")) for e in serial.get("by_id") or [] if isinstance(e, dict)]
    for port in serial.get("ports") or []:
        if isinstance(port, dict):
            names += [(os.path.basename(p), p, port.get("source")) for p in port.get("by_id") or [] if isinstance(p, str)]
    for name, line, source in names:
        m = _BYID_BOARD.match(os.path.basename(str(name)))
        if m:
            out.append({"app": m.group(1).lower(), "mcu": m.group(2).lower(), "serial": m.group(3), "line": line or name, "source": source})
    for dev in _ns(facts, "usb").get("devices") or []:
        if isinstance(dev, dict) and dev.get("vid") == "1d50" and dev.get("pid") in ("606f", "614e", "6177") and dev.get("serial"):
            app = {"606f": "klipper-usbcan", "614e": "klipper", "6177": "katapult"}[dev["pid"]]
            out.append({"app": app, "mcu": str(dev.get("product") or "").lower(), "serial": dev["serial"],
                        "line": dev.get("line") or f"{dev['vid']}:{dev['pid']} {dev.get('product') or ''} serial {dev['serial']}", "source": dev.get("source")})
    return out


@deriver("can_bridge_over_can", fields=("uuid", "serial", "mcu", "match", "line", "source", "device"))
def can_bridge_over_can(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """A flash by CAN UUID that lost the board at CONNECT while that board is (or became) a USB device (BOOT002).

    match = "uuid": a USB device's serial hashes to the UUID flashed (the board is the host's USB-to-CAN
    bridge, decisive); "katapult-usb": some board sits in Katapult on USB after the CAN jump command.
    """
    out: list[dict[str, Any]] = []
    boards = _usb_boards(facts)
    for run in _ns(facts, "katapult").get("runs") or []:
        if not isinstance(run, dict) or run.get("interface") != "can" or not run.get("uuid") or run.get("success"):
            continue
        failed = run.get("failed_command") == "CONNECT" or any(
            isinstance(e, dict) and e.get("kind") == "katapult_timeout" and e.get("command") == "CONNECT" for e in run.get("events") or []
        )
        if not failed:
            continue
        uuid = str(run["uuid"]).lower()
        exact = [b for b in boards if canbus_uuid_of_serial(b["serial"]) == uuid]
        for b in exact:
            out.append({"uuid": uuid, "serial": b["serial"], "mcu": b["mcu"], "match": "uuid", "line": b["line"], "source": b["source"], "device": b["app"]})
        if not exact:
            for b in boards:
                if b["app"] == "katapult":
                    out.append({"uuid": uuid, "serial": b["serial"], "mcu": b["mcu"], "match": "katapult-usb", "line": b["line"], "source": b["source"], "device": b["app"]})
    return out


@deriver("can_btl_seen_then_lost", fields=("uuid", "application", "seen", "line", "source", "lineno"))
def can_btl_seen_then_lost(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """A flash by CAN UUID that got no answer to CONNECT although a query in the same text listed that very UUID as
    running the bootloader (flashtool/flash_can.py `Detected UUID: x, Application: Katapult|CanBoot`, canbus_query.py
    `Found canbus_uuid=x, Application: CanBoot`): the node sat in Katapult, so "not in the bootloader" does not fit;
    the CONNECT exchange was lost on the way (adapter, bus). `seen` is the query line."""
    seen: dict[str, dict[str, Any]] = {}
    katapult = _ns(facts, "katapult")
    for run in katapult.get("runs") or []:
        for ev in (run.get("events") or []) if isinstance(run, dict) else []:
            if isinstance(ev, dict) and ev.get("kind") == "katapult_uuid" and str(ev.get("application") or "").lower() in ("katapult", "canboot"):
                seen.setdefault(str(ev.get("uuid") or "").lower(), ev)
    for node in _ns(facts, "can").get("nodes") or []:
        if isinstance(node, dict) and str(node.get("application") or "").lower() in ("katapult", "canboot"):
            seen.setdefault(str(node.get("uuid") or "").lower(), node)
    out: list[dict[str, Any]] = []
    if not seen:
        return out
    for run in katapult.get("runs") or []:
        if not isinstance(run, dict) or run.get("interface") != "can" or not run.get("uuid") or run.get("success"):
            continue
        events = [e for e in run.get("events") or [] if isinstance(e, dict)]
        if any(e.get("kind") == "katapult_connected" for e in events):
            continue
        lost = [e for e in events if e.get("kind") == "katapult_timeout" and e.get("command") == "CONNECT"]
        if not lost and run.get("failed_command") != "CONNECT":
            continue
        uuid = str(run["uuid"]).lower()
        hit = seen.get(uuid)
        if hit is None:
            continue  # a UUID no query listed (a typo, another node): the request reached no bootloader
        at = lost[-1] if lost else next((e for e in reversed(events) if e.get("line")), {})
        out.append({"uuid": uuid, "application": hit.get("application"), "seen": hit.get("line"),
                    "line": at.get("line") or hit.get("line"), "source": at.get("source") or run.get("source"), "lineno": at.get("lineno")})
    return out


def _same_mcu(a: str | None, b: str | None) -> bool | None:
    """Whether two MCU names denote the same chip (stm32f103xe ~ stm32f103); None when either is unknown."""
    if not a or not b:
        return None
    a, b = a.lower().strip('"'), b.lower().strip('"')
    if a in ("linux", "simulator") or b in ("linux", "simulator"):
        return a == b
    core = lambda s: re.sub(r"(?:xx|x[a-z])$", "", s)  # noqa: E731
    a, b = core(a), core(b)
    return a.startswith(b) or b.startswith(a)


def _configs(facts: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    klipper = _ns(facts, "klipper")
    cfg = klipper.get("config")
    kcfg = klipper.get("katapult_config")
    return (cfg if isinstance(cfg, dict) else {}), (kcfg if isinstance(kcfg, dict) else {})


@deriver("bootloader_offset_mismatch", fields=("configured", "bootloader", "offset", "bootloader_offset", "where", "line", "source"))
def bootloader_offset_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Klipper's application address (or bootloader offset) against where Katapult starts the application (FW001).

    Katapult's start comes from a flashtool CONNECT ("Application Start: 0x8002000") or Katapult's own .config.
    Hex strings are given for the message.
    """
    cfg, kcfg = _configs(facts)
    app = cfg.get("application_address")
    offset = cfg.get("bootloader_offset")
    if app is None and offset is None:
        return []
    starts: list[tuple[int, str, Any, Any]] = []
    for run in _ns(facts, "katapult").get("runs") or []:
        if isinstance(run, dict) and isinstance(run.get("address"), int):
            if _same_mcu(run.get("mcu"), cfg.get("mcu")) is False:
                continue
            starts.append((run["address"], "Katapult (flashtool CONNECT: Application Start)", run.get("source"), _event_line(run, "katapult_connected")))
    if isinstance(kcfg.get("application_address"), int) and _same_mcu(kcfg.get("mcu"), cfg.get("mcu")) is not False:
        starts.append((kcfg["application_address"], "Katapult .config", kcfg.get("source") or kcfg.get("path"), kcfg.get("line")))
    out = []
    for start, where, source, line in starts:
        base = start & 0xFF000000
        boot_offset = start - base
        if app is not None:
            bad = app != start
        else:
            bad = offset != boot_offset
        if bad:
            out.append({
                "configured": f"0x{app:x}" if isinstance(app, int) else None,
                "offset": f"{offset // 1024} KiB" if isinstance(offset, int) else None,
                "bootloader": f"0x{start:x}",
                "bootloader_offset": f"{boot_offset // 1024} KiB",
                "where": where,
                "line": cfg.get("line") if cfg.get("line") else line,
                "source": cfg.get("source") or cfg.get("path") or source,
            })
    return out


def _offset_name(offset: int) -> str:
    if offset == 0:
        return '"No bootloader"'
    return f'"{offset // 1024}KiB bootloader"' + (f" with a {offset % 1024} byte offset" if offset % 1024 else "")


@deriver("config_header_offset_mismatch", fields=("header", "build", "mcu", "line", "lineno", "source"))
def config_header_offset_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(deepen-s16) The bootloader offset the pasted printer.cfg's header tells to build with (Klipper's example configs: "the
    firmware should be compiled for the STM32F103 with a "28KiB bootloader"", printer_cfg.py) against the Klipper build the
    same paste shows (.config, autoconf.h or a menuconfig screen) (FW001). Only a header that names one offset; not when it
    names MCUs and the build's MCU is none of them (another board's config: a wrong-target question, FW002)."""
    pc = _ns(facts, "klipper").get("printer_cfg")
    cfg, _kcfg = _configs(facts)
    if not isinstance(pc, dict) or cfg.get("kind") != "klipper":
        return []
    want, have = pc.get("header_offset"), cfg.get("bootloader_offset")
    if not isinstance(want, int) or not isinstance(have, int) or want == have:
        return []
    mcu = str(cfg.get("mcu") or "").lower()
    named = [str(m).lower() for m in pc.get("header_mcus") or []]
    if mcu and named and not any(mcu.startswith(m) for m in named):
        return []
    return [{"header": _offset_name(want), "build": _offset_name(have), "mcu": cfg.get("mcu"), "line": pc.get("header_line"),
             "lineno": pc.get("header_lineno"), "source": pc.get("path")}]


_COMM_NAMES = {"usb": "USB", "serial": "serial (a UART)", "can": "CAN bus", "usbcan": "USB to CAN bus bridge"}


_UART_TTY = re.compile(r"^/dev/(?:ttyAMA\d+|ttyS\d+|serial[01]|ttyTHS\d+|ttyO\d+)$")


@deriver("retransmit_before_loss", fields=("name", "value", "rise", "line", "lineno", "source"))
def retransmit_before_loss(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(deepen-klipper-fw s19) klippy lost an MCU ("Lost communication with MCU 'x'", "Timeout with MCU 'x'") whose
    bytes_retransmit had grown by 100 or more over the session's Stats lines before it: frames were being lost on that link
    before it failed, the pattern of a noisy or marginal link (USB cable, EMI, a hub or power dip: USB003), not of a host
    too busy to talk to it (its retransmits stay flat). Not for an MCU printer.cfg puts on CAN (canbus_uuid: the CAN bus's
    wiring, CAN004) or on a host UART (/dev/ttyAMA0, ttyS0, serial0: the UART wiring)."""
    log = _ns(facts, "klipper").get("log") or {}
    rises = {str(r.get("name")): r for r in log.get("retransmits") or [] if isinstance(r, dict) and isinstance(r.get("rise"), int) and r["rise"] >= 100}
    if not rises:
        return []
    lost = {str(e.get("name")) for e in log.get("events") or [] if isinstance(e, dict) and e.get("kind") == "mcu_lost_communication"}
    links = {str(m.get("name")): m for m in (_ns(facts, "klipper").get("printer_cfg") or {}).get("mcus") or [] if isinstance(m, dict)}
    out = []
    for name in sorted(lost):
        r = rises.get(name)
        m = links.get(name) or {}
        if r is None or m.get("canbus_uuid") or _UART_TTY.match(str(m.get("serial") or "")):
            continue
        out.append({k: r.get(k) for k in ("name", "value", "rise", "line", "lineno", "source")})
    return out


_BRIDGE_BY_ID = re.compile(r"(?i)^usb-(?:1a86_|QinHeng|FTDI_|Silicon_Labs_|Prolific|WCH)")
_BRIDGE_TTY = re.compile(r"^/dev/(?:ttyUSB\d+|serial/by-id/usb-(?:1a86_|QinHeng|FTDI_|Silicon_Labs_|Prolific|WCH))")


@deriver("usb_build_on_serial_bridge", fields=("bridge", "line", "source"))
def usb_build_on_serial_bridge(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(deepen-klipper-fw s19) Klipper built for USB ("Communication interface (USB (on PA11/PA12))", CONFIG_USBSERIAL=y) while
    the board reaches the host through a USB-serial bridge (CH340, CP210x, FTDI, PL2303): /dev/serial/by-id lists only such a
    bridge (usb-1a86_USB_Serial-if00-port0), the USB listing shows one and no Klipper device, or printer.cfg's [mcu] serial is a
    ttyUSB/bridge path; and Klipper fails to connect. Boards whose USB socket goes through a CH340 (Creality v4.2.x, MKS Robin,
    Anet, the Ender 3 S1's serial USART1) need a "Serial (on USARTx ...)" build; a USB build never answers there (FW002)."""
    cfg, _kcfg = _configs(facts)
    if cfg.get("kind") != "klipper" or cfg.get("comm") != "usb" or _other_mcus(facts):
        return []
    klipper = _ns(facts, "klipper")
    events = [e for e in (klipper.get("log") or {}).get("events") or [] if isinstance(e, dict)]
    events += [e for r in _ns(facts, "serial").get("runs") or [] if isinstance(r, dict) for e in r.get("events") or [] if isinstance(e, dict)]
    if not any(e.get("kind") in _CONNECT_FAIL_KINDS or e.get("kind") == "mcu_serial_closed" for e in events) or klipper.get("log", {}).get("mcus"):
        return []
    names = [e for e in _ns(facts, "serial").get("by_id") or [] if isinstance(e, dict) and e.get("name")]
    if names and any(str(n["name"]).lower().startswith(("usb-klipper_", "usb-katapult_", "usb-canboot_")) for n in names):
        return []
    seen = [d for d in usb_seen(facts) if str(d.get("vid") or "").lower() != "1d6b"]
    if any(d.get("role") in ("klipper", "katapult") for d in seen):
        return []
    bridges = [n for n in names if _BRIDGE_BY_ID.match(str(n["name"]))]
    if bridges:
        return [{"bridge": bridges[0]["name"], "line": bridges[0].get("line") or bridges[0]["name"], "source": bridges[0].get("source")}]
    for d in seen:
        if d.get("role") == "usb-serial":
            return [{"bridge": d.get("role_name"), "line": d.get("line"), "source": d.get("source")}]
    for m in (klipper.get("printer_cfg") or {}).get("mcus") or []:
        if isinstance(m, dict) and _BRIDGE_TTY.match(str(m.get("serial") or "")):
            return [{"bridge": m.get("serial"), "line": m.get("line") or m.get("serial"), "source": (klipper.get("printer_cfg") or {}).get("path")}]
    return []


def _other_mcus(facts: dict[str, Any]) -> bool:
    """(review s19) printer.cfg names MCUs besides the main [mcu] (a CAN or USB toolhead, an expander): a pasted build may be
    for one of those, so the main board's header or connection says nothing about it."""
    mcus = (_ns(facts, "klipper").get("printer_cfg") or {}).get("mcus") or []
    return any(isinstance(m, dict) and str(m.get("name") or "mcu").lower() != "mcu" for m in mcus)


@deriver("config_header_build_mismatch", fields=("what", "header", "build", "mcu", "line", "source"))
def config_header_build_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(deepen-klipper-fw s19) What else the pasted printer.cfg's header (Klipper's example config for the board) tells to build
    with, against the Klipper build the same paste shows (.config, autoconf.h, a menuconfig screen): `what` = "mcu" (the header
    names MCUs and the build's is none of them: FW002), "comm" (the header names one interface, USB, serial or CAN, and the build
    uses another: FW002; a USB-to-CAN bridge build is a deliberate choice on a USB or CAN board and is not compared), "crystal"
    (the header names one crystal and the build's Clock Reference differs: FW003; only for the MCU the header names)."""
    pc = _ns(facts, "klipper").get("printer_cfg")
    cfg, _kcfg = _configs(facts)
    if not isinstance(pc, dict) or cfg.get("kind") != "klipper" or _other_mcus(facts):
        return []
    out: list[dict[str, Any]] = []
    mcu = str(cfg.get("mcu") or "").lower()
    named = [str(m).lower() for m in pc.get("header_mcus") or []]
    same_board = not (mcu and named and not any(mcu.startswith(m) for m in named))
    base = {"mcu": cfg.get("mcu"), "source": pc.get("path")}
    if not same_board:
        out.append({**base, "what": "mcu", "header": "/".join(m.upper() for m in named), "build": mcu,
                    "line": pc.get("header_line") or pc.get("header_comm_line") or pc.get("header_crystal_line")})
        return out
    hcomm, comm = pc.get("header_comm"), cfg.get("comm")
    if hcomm and comm and comm != "usbcan" and comm != hcomm:
        out.append({**base, "what": "comm", "header": _COMM_NAMES.get(hcomm, hcomm), "build": _COMM_NAMES.get(comm, comm),
                    "line": pc.get("header_comm_line")})
    hxtal, xtal = pc.get("header_crystal"), cfg.get("clock_ref_freq")
    if isinstance(hxtal, int) and isinstance(xtal, int) and xtal > 1 and hxtal != xtal and named:
        out.append({**base, "what": "crystal", "header": f"{hxtal // 1_000_000} MHz crystal", "build": f"{xtal / 1_000_000:g} MHz",
                    "line": pc.get("header_crystal_line")})
    return out


_ST_WRITE = re.compile(r"\bwrite\s+(?P<image>\S*klipper\S*\.bin)\s+(?P<address>0x[0-9a-fA-F]+)")


@deriver("image_address_mismatch", fields=("image", "written", "linked", "tool", "where", "line", "source"))
def image_address_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(klipper-fw) A Klipper image written by hand at another address than the one it is linked for (FW001).

    A .bin carries no address: where dfu-util (-s / --dfuse-address) or `st-flash write` puts it is where its vector
    table lands. The link address comes from Klipper's .config in the paste (CONFIG_FLASH_APPLICATION_ADDRESS) or from
    the dfu-util command Klipper's own `make flash` ran for the build (scripts/flash_usb.py passes `-d ,VID:PID ... -s
    <application address>:leave`). Written at the flash start while linked after a bootloader (or the reverse), the
    write verifies and the board never runs it; a mass erase on the way also removes the bootloader.
    """
    cfg, _kcfg = _configs(facts)
    linked: list[tuple[int, str]] = []
    if isinstance(cfg.get("application_address"), int):
        linked.append((cfg["application_address"], "Klipper's .config (CONFIG_FLASH_APPLICATION_ADDRESS)"))
    make_flash = any(isinstance(r, dict) and r.get("tool") == "make-flash" for r in _ns(facts, "flash").get("runs") or [])
    written: list[tuple[int, str, str, Any, Any]] = []
    for run in _ns(facts, "dfu").get("runs") or []:
        if not isinstance(run, dict) or not isinstance(run.get("address"), int):
            continue
        image = str((run.get("extra") or {}).get("image") or "")
        if "klipper" not in image.lower():
            continue
        argv = run.get("argv") or []
        if make_flash and any(isinstance(a, str) and a.startswith(",") for a in argv):
            linked.append((run["address"], "the dfu-util command of Klipper's make flash"))
        else:
            written.append((run["address"], image, "dfu-util", _event_line(run, "dfu_command") or run.get("command"), run.get("source")))
    for run in _ns(facts, "stlink").get("runs") or []:
        m = _ST_WRITE.search(str(run.get("command") or "")) if isinstance(run, dict) else None
        if m:
            written.append((int(m.group("address"), 16), m.group("image"), "st-flash", run.get("command"), run.get("source")))
        elif isinstance(run, dict) and run.get("tool") == "stm32cubeprogrammer" and isinstance(run.get("address"), int):
            # (deepen-ser-usb-fw s18) STM32CubeProgrammer's download block: "File : klipper.bin", "Address : 0x08000000"
            image = str((run.get("extra") or {}).get("image") or "")
            if "klipper" in image.lower() and image.lower().endswith(".bin"):
                written.append((run["address"], image, "STM32CubeProgrammer", f"Address : 0x{run['address']:08x}", run.get("source")))
    if not linked or not written:
        return []
    link, where = linked[0]
    out = []
    for address, image, tool, line, source in written:
        if address != link and (address & 0xFF000000) == (link & 0xFF000000):
            out.append({"image": image, "written": f"0x{address:x}", "linked": f"0x{link:x}", "tool": tool, "where": where,
                        "line": line, "source": source})
    return out


def _event_line(run: dict[str, Any], kind: str) -> str | None:
    for ev in run.get("events") or []:
        if isinstance(ev, dict) and ev.get("kind") == kind:
            return ev.get("line")
    return None


@deriver("mcu_mismatch", fields=("built", "reported", "where", "line", "source"))
def mcu_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The MCU Klipper's .config builds for against the MCU the bootloader reported for the board flashed (FW002).

    Compared: Klipper .config CONFIG_MCU with Katapult's CONNECT reply (`MCU type:`) and with the MCU of the
    klipper.bin that flashtool read; Katapult's .config with Katapult's CONNECT reply.
    """
    cfg, kcfg = _configs(facts)
    out = []
    for run in _ns(facts, "katapult").get("runs") or []:
        if not isinstance(run, dict):
            continue
        reported = run.get("mcu")
        for built, where, line, source in (
            (cfg.get("mcu"), "Klipper .config CONFIG_MCU", cfg.get("line"), cfg.get("source")),
            (run.get("binary_mcu"), "klipper.bin (as flashtool read it)", _event_line(run, "katapult_binary"), run.get("source")),
        ):
            if _same_mcu(built, reported) is False:
                out.append({"built": built, "reported": reported, "where": where, "line": line or _event_line(run, "katapult_connected"), "source": source})
    return out


@deriver("can_bitrate_mismatch", fields=("interface", "bitrate", "configured", "where", "host", "line", "source"))
def can_bitrate_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """A CAN interface's bitrate against the CAN bus frequency the firmware was built with (CAN005).

    The host side: the running link (`ip -details link`) and the files that set it at boot (an ifupdown stanza's
    `bitrate`, a .network file's BitRate=). Compared with Klipper's and Katapult's .config CONFIG_CANBUS_FREQUENCY (when
    built for CAN) and with the CANBUS_FREQUENCY each MCU reported in klippy.log. A USB-to-CAN bridge build (.config
    "usbcan", klippy.log CANBUS_BRIDGE=1) sets the bus speed itself and ignores can0's bitrate (Klipper docs/CANBUS.md):
    it is not compared with the host.
    """
    out = []
    hosts: list[tuple[Any, int, str, Any, Any]] = []
    for iface in _ns(facts, "can").get("interfaces") or []:
        if isinstance(iface, dict) and isinstance(iface.get("bitrate"), int) and iface.get("link_type") in (None, "can"):
            hosts.append((iface.get("name"), iface["bitrate"], "ip link", iface.get("line"), iface.get("source")))
    shown = {h[0] for h in hosts}
    for conf in _ns(facts, "can").get("configs") or []:
        if isinstance(conf, dict) and isinstance(conf.get("bitrate"), int) and conf["bitrate"] > 0:
            kind = conf.get("kind") or ""
            if kind == "ip-command" and conf.get("name") in shown:
                continue  # the link's own listing says what the command left it at
            what = ("its systemd-networkd file" if kind.startswith("networkd") else "the `ip link set` command"
                    if kind == "ip-command" else "its ifupdown stanza")
            hosts.append((conf.get("name"), conf["bitrate"], what, conf.get("line"), conf.get("source")))
    nodes = _can_nodes(facts)
    if any(bridge for _f, _w, bridge, _s in nodes):
        return []  # the text's can0 is a Klipper USB-to-CAN bridge's: its bus runs at the bridge's build, whatever can0 says
    for freq, where, _bridge, _sure in nodes:
        for name, bitrate, host, line, source in hosts:
            if freq != bitrate:
                out.append({"interface": name, "bitrate": bitrate, "configured": freq, "where": where, "host": host,
                            "line": line, "source": source})
    return out


def _can_nodes(facts: dict[str, Any]) -> list[tuple[int, str, bool, bool]]:
    """The CAN bus frequencies the texts show nodes built with: (frequency, where, is a USB-to-CAN bridge, built for CAN
    for certain: a .config whose communication interface the text does not show may be a USB build, which carries the
    default CONFIG_CANBUS_FREQUENCY too)."""
    cfg, kcfg = _configs(facts)
    built: list[tuple[int, str, bool, bool]] = []
    builds = [b for b in _ns(facts, "klipper").get("can_builds") or [] if isinstance(b, dict)]
    seen = {(b.get("source"), b.get("kind")) for b in builds}
    for c, name in ((cfg, "Klipper .config"), (kcfg, "Katapult .config")):
        if (c.get("source"), c.get("kind")) in seen:
            continue  # the pasted builds below hold it
        if isinstance(c.get("canbus_frequency"), int) and c.get("comm") in ("can", "usbcan", None):
            built.append((c["canbus_frequency"], f"{name} CONFIG_CANBUS_FREQUENCY", c.get("comm") == "usbcan", c.get("comm") is not None))
    several = len(builds) > 1
    sources = len({b.get("source") for b in builds}) > 1
    for b in builds:
        if isinstance(b.get("canbus_frequency"), int) and b.get("comm") in ("can", "usbcan", None):
            name = "Katapult .config" if b.get("kind") == "katapult" else "Klipper .config"
            what = [str(b["mcu"])] if b.get("mcu") else []
            what += ["USB-to-CAN bridge"] if b.get("comm") == "usbcan" else []
            what += [str(b.get("source"))] if sources else []
            label = f"{name} ({', '.join(what)})" if several and what else name
            built.append((b["canbus_frequency"], f"{label} CONFIG_CANBUS_FREQUENCY", b.get("comm") == "usbcan", b.get("comm") is not None))
    for mcu in (_ns(facts, "klipper").get("log") or {}).get("mcus") or []:
        if isinstance(mcu, dict) and isinstance(mcu.get("canbus_frequency"), int):
            built.append((mcu["canbus_frequency"], f"klippy.log MCU '{mcu.get('name')}' CANBUS_FREQUENCY", bool(mcu.get("canbus_bridge")), True))
    return built


@deriver("can_networkd_stopped", fields=("state", "line"))
def can_networkd_stopped(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(thin-can s15) systemd-networkd, the service that applies a .network file's [CAN] BitRate=, is not running
    (inactive, failed, masked, not installed), as systemctl showed it (CAN001). A unit name with a dash is no JMESPath
    field a condition can name, so it is read here."""
    services = _ns(facts, "host").get("services")
    state = services.get("systemd-networkd") if isinstance(services, dict) else None
    if state in ("inactive", "failed", "masked", "not-found"):
        return [{"state": state, "line": f"systemd-networkd.service: {state}"}]
    return []


@deriver("can_node_speed_mismatch", fields=("first", "first_where", "second", "second_where", "configured", "interface", "line", "source"))
def can_node_speed_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(thin-can s15) Two CAN nodes built for different bus speeds (CAN005): a toolhead's Klipper or Katapult .config
    against the other's, or against an MCU klippy.log identified on the bus (the USB-to-CAN bridge sets the speed).
    Every node on one bus must share it; the node built otherwise never answers. Two MCUs klippy.log both identified
    ran at their speeds (two buses), and a bridge build against the bridge klippy.log saw is one device rebuilt: neither
    pair is compared. `configured` is the speed the bus runs at where a text shows it (an identified MCU, the bridge)."""
    cfg, kcfg = _configs(facts)
    nodes = [(f, w, b) for f, w, b, sure in _can_nodes(facts) if sure]
    iface = next((i.get("name") for i in _ns(facts, "can").get("interfaces") or [] if isinstance(i, dict) and i.get("name")), None)
    out = []
    for i, (fa, wa, ba) in enumerate(nodes):
        for fb, wb, bb in nodes[i + 1:]:
            if fa == fb:
                continue
            if wa.startswith("klippy.log") and wb.startswith("klippy.log"):
                continue
            if ba and bb:
                continue
            running = [f for f, w, b in ((fa, wa, ba), (fb, wb, bb)) if w.startswith("klippy.log") or b]
            source = next((c.get("source") or c.get("path") for c, w in ((cfg, "Klipper"), (kcfg, "Katapult")) if wa.startswith(w) or wb.startswith(w)), None)
            out.append({"first": fa, "first_where": wa, "second": fb, "second_where": wb,
                        "configured": running[0] if running else fa, "interface": iface or "can0",
                        "line": f"{wa} = {fa}; {wb} = {fb}", "source": source})
    return out


@deriver("clock_mismatch", fields=("klipper", "katapult", "mcu", "line", "source"))
def clock_mismatch(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Klipper's crystal setting against Katapult's for the same MCU: Katapult runs, so its value is the board's (FW003)."""
    cfg, kcfg = _configs(facts)
    a, b = cfg.get("clock_ref_freq"), kcfg.get("clock_ref_freq")
    if not isinstance(a, int) or not isinstance(b, int) or a == b or _same_mcu(cfg.get("mcu"), kcfg.get("mcu")) is False:
        return []
    return [{"klipper": f"{a / 1e6:g} MHz", "katapult": f"{b / 1e6:g} MHz", "mcu": cfg.get("mcu") or kcfg.get("mcu"),
             "line": f"CONFIG_CLOCK_REF_FREQ={a}", "source": cfg.get("source") or cfg.get("path")}]


# ---- USB devices seen anywhere, and tools a present device needs (programmer / bootloader side) ------------

def _classified(vid: Any, pid: Any, product: Any = None, manufacturer: Any = None, bcd: Any = None) -> dict[str, Any]:
    from doctor.parsers._flashlog import classify_usb

    return classify_usb(vid, pid, manufacturer=manufacturer, product=product, bcd_device=bcd)


@deriver("usb_seen", fields=("vid", "pid", "role", "role_name", "device_kind", "raw_access", "mcu", "product", "line", "lineno", "source", "origin"))
def usb_seen(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Every USB device the snapshot saw, once per VID:PID: `usb.devices` (probe, lsusb, dfu-util -l) and the
    kernel's `New USB device found` lines (`kernel.events[]` kind usb_device_ids), each with the device table's role
    and its kind as `device_kind` (app, bootloader, usb-serial...: conditions reserve `kind` for event kinds)."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[Any, Any]] = set()
    for dev in _ns(facts, "usb").get("devices") or []:
        if not isinstance(dev, dict) or not dev.get("vid") or not dev.get("pid"):
            continue
        key = (dev["vid"], dev["pid"])
        if key in seen:
            continue
        seen.add(key)
        item = {k: dev.get(k) for k in ("vid", "pid", "role", "role_name", "kind", "raw_access", "mcu", "product", "line", "lineno", "source", "origin")}
        if item.get("role") is None:
            item.update(_classified(dev["vid"], dev["pid"], dev.get("product"), dev.get("manufacturer"), dev.get("bcd_device")))
        item["device_kind"] = item.pop("kind", None)
        out.append(item)
    for ev in _ns(facts, "kernel").get("events") or []:
        if not isinstance(ev, dict) or ev.get("kind") != "usb_device_ids" or not ev.get("vid") or not ev.get("pid"):
            continue
        key = (ev["vid"], ev["pid"])
        if key in seen:
            continue
        seen.add(key)
        item = {"vid": ev["vid"], "pid": ev["pid"], "product": ev.get("product"), "line": ev.get("line"),
                "lineno": ev.get("lineno"), "source": ev.get("source"), "origin": ev.get("origin") or "pasted"}
        item.update(_classified(ev["vid"], ev["pid"], ev.get("product"), ev.get("manufacturer"), ev.get("version")))
        item["device_kind"] = item.pop("kind", None)
        out.append(item)
    return out


@deriver("programmer_absent", fields=("vid", "pid", "line", "lineno", "source", "seen", "count"))
def programmer_absent(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(intl-mixed s8) A USB programmer avrdude looked for by VID:PID (`usb_programmer_not_found`) while the text
    shows the bus (lsusb, a probe, the kernel's `New USB device found` lines) with other devices and none of that
    VID:PID: the programmer is not on the bus with the ids avrdude wants (other firmware, another programmer type,
    or not plugged in), so no udev rule or driver can help (not USB004). Root hubs (1d6b) do not count."""
    seen = [d for d in usb_seen(facts) if str(d.get("vid") or "").lower() != "1d6b"]
    if not seen:
        return []
    ids = {(str(d.get("vid") or "").lower(), str(d.get("pid") or "").lower()) for d in seen}
    shown = ", ".join(f"{d['vid']}:{d['pid']}" + (f" ({d['product']})" if d.get("product") else "") for d in seen[:4])
    out: list[dict[str, Any]] = []
    for run in _ns(facts, "avrdude").get("runs") or []:
        for ev in (run.get("events") or []) if isinstance(run, dict) else []:
            if not isinstance(ev, dict) or ev.get("kind") != "usb_programmer_not_found":
                continue
            vid, pid = str(ev.get("vid") or "").lower(), str(ev.get("pid") or "").lower()
            if not vid or not pid or (vid, pid) in ids:
                continue
            out.append({"vid": vid, "pid": pid, "line": ev.get("line"), "lineno": ev.get("lineno"), "source": ev.get("source"),
                        "seen": shown, "count": len(seen)})
    return out


# The tools that can use a device of a role (any one of them is enough), by host.tools key.
ROLE_TOOLS: dict[str, tuple[str, ...]] = {
    "stlink": ("st-flash", "openocd", "STM32_Programmer_CLI"),
    "rom-dfu": ("dfu-util", "STM32_Programmer_CLI"),
    "gd32v-dfu": ("dfu-util",),
    "apm32-dfu": ("dfu-util",),
    "maple-dfu": ("dfu-util",),
    "lpc-dfu": ("dfu-util",),
    "kiibohd-dfu": ("dfu-util",),
    "dfu": ("dfu-util",),
    "atmel-dfu": ("dfu-programmer",),
    "qmk-dfu": ("dfu-programmer",),
    "usbasp": ("avrdude",),
    "usbtiny": ("avrdude",),
    "avrisp": ("avrdude",),
    "caterina": ("avrdude",),
    "cmsis-dap": ("openocd",),
    "picoprobe": ("openocd",),
}


@deriver("tools_missing", fields=("tool", "tools", "vid", "pid", "role", "role_name", "line", "source"))
def tools_missing(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Devices on the bus whose tools are all absent from this host (`host.tools[name]` is null) (TOOL001).

    Only tools the host probe looked for count: a tool missing from `host.tools` is unknown, not absent.
    """
    tools = _ns(facts, "host").get("tools")
    if not isinstance(tools, dict):
        return []
    out = []
    done: set[str] = set()
    for dev in usb_seen(facts):
        need = ROLE_TOOLS.get(str(dev.get("role")))
        if not need or dev.get("role") in done:
            continue
        looked = [t for t in need if t in tools]
        if not looked or any(tools.get(t) for t in looked):
            continue
        done.add(str(dev.get("role")))
        out.append({"tool": looked[0], "tools": ", ".join(looked), "vid": dev.get("vid"), "pid": dev.get("pid"),
                    "role": dev.get("role"), "role_name": dev.get("role_name"), "line": dev.get("line"), "source": dev.get("source")})
    return out


@deriver("answer_yes", fields=("question", "line", "source"))
def answer_yes(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The questions a person answered "yes" (`answers.<question>`), one item each, for conditions to name."""
    answers = facts.get("answers")
    if not isinstance(answers, dict):
        return []
    return [{"question": q, "line": f"{q}: yes", "source": "answers"} for q, a in answers.items() if str(a).lower() in ("yes", "y", "true", "1")]


@deriver("mcu_shutdowns", fields=("name", "reason", "transport", "line", "source", "lineno"))
def mcu_shutdowns(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """klippy.log MCU shutdowns with the transport of that MCU from the config (`can`, `serial` or None) (CAN006).

    An MCU with canbus_uuid in its `[mcu NAME]` section is on CAN; with `serial` only, on USB or UART.
    """
    klipper = _ns(facts, "klipper")
    transport: dict[str, str] = {}
    for mcu in (klipper.get("printer_cfg") or {}).get("mcus") or []:
        if isinstance(mcu, dict) and mcu.get("name"):
            transport[str(mcu["name"])] = "can" if mcu.get("canbus_uuid") else ("serial" if mcu.get("serial") else "")
    out = []
    for ev in (klipper.get("log") or {}).get("events") or []:
        if isinstance(ev, dict) and ev.get("kind") == "mcu_shutdown":
            name = str(ev.get("name") or "")
            out.append({"name": name, "reason": ev.get("reason"), "transport": transport.get(name) or None,
                        "line": ev.get("line"), "source": ev.get("source"), "lineno": ev.get("lineno")})
    return out


@deriver("can_bytes_invalid", fields=("name", "value", "rise", "line", "source", "lineno"))
def can_bytes_invalid(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(deepen-misc s17) klippy.log MCUs on CAN (canbus_uuid in their `[mcu NAME]` section) whose bytes_invalid grew during
    the session: reordered CAN messages (Klipper docs CANBUS_Troubleshooting.md), not wiring (CAN007's adapter software)."""
    klipper = _ns(facts, "klipper")
    can = {str(m["name"]) for m in (klipper.get("printer_cfg") or {}).get("mcus") or []
           if isinstance(m, dict) and m.get("name") and m.get("canbus_uuid")}
    return [{k: ev.get(k) for k in ("name", "value", "rise", "line", "source", "lineno")}
            for ev in (klipper.get("log") or {}).get("events") or []
            if isinstance(ev, dict) and ev.get("kind") == "mcu_bytes_invalid" and str(ev.get("name")) in can]


def _next_steps() -> dict[str, dict[str, str]]:
    return _knowledge_toml("next_steps.toml")


def _standing(facts: dict[str, Any]) -> tuple[set[tuple[Any, Any]], list[tuple[Any, int, int]], bool, list[tuple[str | None, dict[str, Any]]]]:
    """One pass over the pasted runs: the (source, lineno) of failure lines something overcame (an event its parser
    marked retried or benign, a `text.overcome` mark: klippy's retried connect, a wait a later write ended, esptool's
    moot port scan), the (source, first, last) lines of runs that ended in success (their errors were retried), whether
    any run succeeded, and the failed events of the runs (tool, event)."""
    overcome: set[tuple[Any, Any]] = set()
    recovered: list[tuple[Any, int, int]] = []
    succeeded = False
    failed_events: list[tuple[str | None, dict[str, Any]]] = []
    can_ns = _ns(facts, "can")  # CAN facts keep their runs as `queries` and the ip/ifconfig/networkd errors as bare `events`
    other_runs = [*(can_ns.get("queries") or []), {"tool": "can-config", "events": can_ns.get("events") or []}] if can_ns else []
    # (kernel s11) the kernel log keeps bare `events` too: its `fail` rows (a port power-cycled, a driver refusing the device) say
    # no failure word the scan would find; the live probe's (origin "live") are judged by its own entries
    kernel_ns = _ns(facts, "kernel")
    if kernel_ns.get("events") and kernel_ns.get("origin") != "live":
        other_runs.append({"tool": "kernel", "events": kernel_ns.get("events") or []})
    for ns in [*facts.values(), {"runs": other_runs}]:
        for run in (ns.get("runs") or []) if isinstance(ns, dict) else []:
            if not isinstance(run, dict):
                continue
            tool = run.get("tool") if isinstance(run.get("tool"), str) else None
            if run.get("success") is True and run.get("origin") != "live":
                succeeded = True
                at = [e["lineno"] for e in run.get("events") or [] if isinstance(e, dict) and isinstance(e.get("lineno"), int)]
                if at:
                    recovered.append((run.get("source"), min(at), max(at)))
            for ev in run.get("events") or []:
                if not isinstance(ev, dict):
                    continue
                if ev.get("retried") or ev.get("benign"):
                    overcome.add((ev.get("source"), ev.get("lineno")))
                elif ev.get("fail") and isinstance(ev.get("line"), str) and run.get("origin") != "live":
                    failed_events.append((tool, ev))
    for mark in _ns(facts, "text").get("overcome") or []:
        if isinstance(mark, dict):
            overcome.add((mark.get("source"), mark.get("lineno")))
    # (healthy s20) an enumeration error on a USB port the same pasted kernel log then shows enumerating (its ids, a tty) was
    # a try the hub driver retried (drivers/usb/core/hub.c: "device descriptor read/64, error -71", then "new ... USB device
    # number N+1" and "New USB device found"): USB002 judges such ports (`enumeration_failures[?recovered]`), so the
    # failure scan's copy of those lines does not stand on its own. Not once the hub gave up ("unable to enumerate USB
    # device"): a device seen there later (the ROM's DFU after BOOT0) is a new plug-in, and the app's failure stands
    if kernel_ns.get("origin") != "live":
        pending: dict[tuple[Any, str], list[Any]] = {}
        for ev in kernel_ns.get("events") or []:
            if not isinstance(ev, dict) or not ev.get("port"):
                continue
            key = (ev.get("source"), str(ev["port"]))
            if ev.get("kind") == "usb_enumerate_failed":
                pending.pop(key, None)  # (review s20) the hub gave up: whatever enumerates there later is another try, not this one
            elif ev.get("kind") in _ENUM_ERRORS:
                pending.setdefault(key, []).append(ev.get("lineno"))
            elif ev.get("kind") in ("usb_device_ids", "tty_attached") and key in pending:
                overcome.update((key[0], n) for n in pending.pop(key))
    return overcome, recovered, succeeded, failed_events


def _spans(recovered: list[tuple[Any, int, int]]) -> dict[Any, tuple[list[int], list[int]]]:
    """The recovered runs' (source, first, last) lines as each source's disjoint spans, sorted (starts, ends): whether
    a line lies in one is a bisection, not a look at every run (a long paste: ~2,000 failure lines, ~250 runs)."""
    by_source: dict[Any, list[tuple[int, int]]] = {}
    for src, first, last in recovered:
        by_source.setdefault(src, []).append((first, last))
    spans: dict[Any, tuple[list[int], list[int]]] = {}
    for src, pairs in by_source.items():
        starts: list[int] = []
        ends: list[int] = []
        for first, last in sorted(pairs):
            if ends and first <= ends[-1]:
                ends[-1] = max(ends[-1], last)
            else:
                starts.append(first)
                ends.append(last)
        spans[src] = (starts, ends)
    return spans


def _stands(rec: dict[str, Any], overcome: set[tuple[Any, Any]], spans: dict[Any, tuple[list[int], list[int]]]) -> bool:
    """A failure line nothing overcame: not marked, and not inside a run that went on to succeed (a verify read
    retried, then "Flash Success"). `spans`: the recovered runs' lines (`_spans`)."""
    if (rec.get("source"), rec.get("lineno")) in overcome:
        return False
    lineno = rec.get("lineno")
    if not isinstance(lineno, int):
        return True
    got = spans.get(rec.get("source"))
    if got is None:
        return True
    starts, ends = got
    k = bisect.bisect_right(starts, lineno) - 1
    return not (k >= 0 and lineno <= ends[k])


@deriver("failure_lines", fields=("line", "lineno", "source", "tool"))
def failure_lines(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The failure scan's lines (`text.failures`) that still stand: what an entry reads when it asks "does the text show
    a failure?". Overcome lines are marked (never pruned) by the parsers that know them, and this is the one view
    that honours every mark, the same one `unexplained_failures` quotes from."""
    overcome, recovered, _, _ = _standing(facts)
    spans = _spans(recovered)
    return [rec for rec in _ns(facts, "text").get("failures") or []
            if isinstance(rec, dict) and isinstance(rec.get("line"), str) and _stands(rec, overcome, spans)]


@deriver("unexplained_failures", fields=("line", "lineno", "source", "tool", "tool_name", "next", "count", "lines", "stalled"))
def unexplained_failures(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Failure lines of pasted text and failed runs, grouped by the tool that printed them (GEN001 quotes
    them when no entry explains the text; whether one does is the engine's `fallback` rule)."""
    steps = _next_steps()
    groups: dict[str, dict[str, Any]] = {}

    def add(tool: str | None, rec: dict[str, Any]) -> None:
        key = tool if tool in steps else "default"
        g = groups.get(key)
        if g is None:
            step = steps.get(key) or steps["default"]
            g = groups[key] = {"tool": tool or "", "tool_name": step.get("name", tool or "the tool"), "next": step.get("next", ""),
                               "count": 0, "lines": [], "line": rec.get("line"), "lineno": rec.get("lineno"), "source": rec.get("source")}
        g["count"] += 1
        if len(g["lines"]) < 8 and all(rec.get("line") != held for held, _ in g["lines"]):
            g["lines"].append((rec.get("line"), rec.get("lineno")))  # (trim s22) each quoted line keeps its number

    overcome, recovered, succeeded, failed_events = _standing(facts)
    spans = _spans(recovered)
    text = _ns(facts, "text")
    records = [(rec.get("tool") if isinstance(rec.get("tool"), str) else None, rec)
               for rec in text.get("failures") or [] if isinstance(rec, dict) and isinstance(rec.get("line"), str)]
    # (audit-probes s18) the OpenOCD parser reads the Black Magic Probe's gdb-console lines too (one debug-probe namespace)
    # and marks such a run `probe: bmp`: a failure inside it is the probe's, whose next step is gdb's monitor commands
    bmp_spans = []
    for run in _ns(facts, "openocd").get("runs") or []:
        at = [e["lineno"] for e in (run.get("events") or []) if isinstance(e, dict) and isinstance(e.get("lineno"), int)] \
            if isinstance(run, dict) and run.get("probe") == "bmp" and run.get("tool") == "openocd" else []
        if at:
            bmp_spans.append((run.get("source"), min(at), max(at)))
    seen: set[tuple[Any, Any]] = set()  # a line both the scan and its parser flagged counts once
    for tool, rec in [*records, *failed_events]:
        key = (rec.get("source"), rec.get("lineno"))
        if key in seen or not _stands(rec, overcome, spans):
            continue
        seen.add(key)
        if tool == "openocd" and isinstance(rec.get("lineno"), int) and any(
                src == rec.get("source") and lo <= rec["lineno"] <= hi for src, lo, hi in bmp_spans):
            tool = "blackmagic"
        add(tool, rec)
    if not groups and not succeeded:
        # (silence s16) no failure line anywhere, but a text ends with its tool still waiting (parsers._STALL: "Waiting for
        # the new upload port...", "Connecting....", "< waiting for any device >"): the run hung there, which the person
        # pasted it for; a run that ended in success anywhere in the input (the same flash pasted again after a reset)
        # says the wait was overcome
        for rec in text.get("stalls") or []:
            if isinstance(rec, dict) and isinstance(rec.get("line"), str):
                add(rec.get("tool") if isinstance(rec.get("tool"), str) else None, rec)
        for g in groups.values():
            g["stalled"] = True
    out = []
    for g in groups.values():  # one item per quoted line (the evidence), each carrying its group's tool, count and step
        for line, lineno in g["lines"]:
            out.append({**g, "line": line, "lineno": lineno, "lines": None})
    return out


@lru_cache(maxsize=1)
def _cue_table() -> list[tuple[str, str, str, re.Pattern[str]]]:
    """knowledge/failure_cues.toml as (name, id, says, compiled pattern), in its order."""
    return [(c["name"], c["id"], c["says"], re.compile(c["pattern"])) for c in _knowledge_toml("failure_cues.toml")["cue"]]


@lru_cache(maxsize=1)
def _cue_unless_above() -> dict[str, re.Pattern[str]]:
    """(trim s22) A cue's `unless_above`: the line above (text.failures' `above`, a traceback's last frame) that says
    the words mean something else (winreg.OpenKey's missing key raises program_enoent's "[WinError 2]" line too)."""
    return {c["name"]: re.compile(c["unless_above"]) for c in _knowledge_toml("failure_cues.toml")["cue"] if c.get("unless_above")}


def _event_lines(facts: dict[str, Any]) -> set[str]:
    """The text of every line a parser's message table turned into an event (any namespace's runs, and the bare
    events the CAN and kernel namespaces keep). Not a `failure_message`: a table row that only says its line failed,
    without a kind any rule reads, leaves what the line means to its words (the failure cues). Nor a `tool_error`, a
    tool table's catch-all for its `Error: <anything>` lines (audit-serial-stacks s18): an unknown tool's "Error: Resource
    busy" or "Error: cannot open device with path /dev/hidraw3" is claimed by OpenOCD's or STM32CubeProgrammer's table
    on its prefix alone, and the library's words inside it say the cause (no first id of tests/cases changed)."""
    out: set[str] = set()
    for name, ns in facts.items():
        if not isinstance(ns, dict) or name == "claims":
            # (avr-can s21) a person's sentence a prose table read ("... does not start on power up into CAN but says
            # network down", rp-claims' said_cold_start_fails) is no tool's message: its words still say the cause
            continue
        runs = [*(ns.get("runs") or []), *(ns.get("queries") or []), {"events": ns.get("events") or []}]
        for run in runs:
            if not isinstance(run, dict):
                continue
            for ev in run.get("events") or []:
                line = known_line(ev)
                if line is not None:
                    out.add(line)
    return out


def known_line(ev: Any) -> str | None:
    """An event's line, stripped, when a table row named it (not a bare `failure_message` or `tool_error`: see
    `_event_lines`); else None. Also read by engine._unknown_lines for events kept deeper than a namespace's runs."""
    if isinstance(ev, dict) and isinstance(ev.get("line"), str) and ev.get("kind") not in ("failure_message", "tool_error"):
        return str(ev["line"]).strip()
    return None


@deriver("failure_cues", fields=("cue", "id", "says", "line", "lineno", "source", "tool", "tool_name"), uses=("unexplained_failures",))
def failure_cues(facts: dict[str, Any], unexplained: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """What each unexplained failure line's own words say (knowledge/failure_cues.toml): the first cue whose pattern
    matches it, as {cue, id, says, line...}. Only lines no message table knows: a known message that no entry
    explained was left to GEN001 by what its conditions know (the same words, another cause in that tool's threads). The entries read these in the engine's fallback phase only (their
    conditions carry `fallback = true`), on lines no other finding explains: a tool doctor has no table for, printing
    "Permission denied" or "Resource busy" in its own frame, gets the cause those words mean instead of GEN001."""
    out = []
    table = _cue_table()
    known = _event_lines(facts)
    unless_above = _cue_unless_above()
    above = {(r.get("source"), r.get("lineno")): r["above"] for r in _ns(facts, "text").get("failures") or []
             if isinstance(r, dict) and isinstance(r.get("above"), str)} if unless_above else {}
    for item in unexplained if unexplained is not None else unexplained_failures(facts):
        line = item.get("line")
        if not isinstance(line, str) or line.strip() in known:
            continue  # a line a message table knows: what it means is the entries' to say, and none said it
        close, opening = line.find(")"), line.find("(")
        if close >= 0 and (opening < 0 or close < opening):
            continue  # the second half of a wrapped message ("ERROR: nrfjprog.ini) does not match ..."): its start decides
        for name, fid, says, pattern in table:
            if pattern.search(line[:500]):
                if name in unless_above and unless_above[name].search(above.get((item.get("source"), item.get("lineno")), "")):
                    break  # the frame above says what the words mean: no cue's to name
                out.append({"cue": name, "id": fid, "says": says, "line": line, "lineno": item.get("lineno"),
                            "source": item.get("source"), "tool": item.get("tool"), "tool_name": item.get("tool_name")})
                break
    return out


_SWD_CONNECT_FAILED = ("init_mode_failed", "dp_connect_failed", "target_connect_failed", "connect_under_reset_hint", "chip_id_missing",
                       "target_lost")
_SWD_FLASHED = ("program_verified", "program_finished", "write_verified")


@deriver("swd_lost_after_success", fields=("how", "line", "lineno", "source", "tool"))
def swd_lost_after_success(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """SWD4 signals across pasted runs of the debug-probe tools (OpenOCD, stlink, pyOCD, J-Link): the target
    was flashed or reached in one run and a later run cannot connect to it any more ("after_flash": the new
    firmware disables SWD or sleeps), or a run that held NRST (connect-under-reset) reached the target that a
    plain run could not ("under_reset"), or one stlink run read the chip and another through the same probe read
    nothing ("answered_elsewhere": pasted in any order, as a before/after pair)."""
    runs: list[tuple[str, int, dict[str, Any]]] = []
    for ns in ("openocd", "stlink"):
        for run in _ns(facts, ns).get("runs") or []:
            if not isinstance(run, dict):
                continue
            evs = [e for e in run.get("events") or [] if isinstance(e, dict)]
            first = min((e.get("lineno") or 0 for e in evs), default=0)
            runs.append((str(run.get("source") or ""), int(first), run))
    runs.sort(key=lambda r: (r[0], r[1]))

    def failure(run: dict[str, Any]) -> dict[str, Any] | None:
        for ev in run.get("events") or []:
            if isinstance(ev, dict) and ev.get("kind") in _SWD_CONNECT_FAILED:
                return ev
        return None

    out: list[dict[str, Any]] = []
    events = sorted(((str(e.get("source") or src), int(e.get("lineno") or 0), e, run) for src, _ln, run in runs
                     for e in run.get("events") or [] if isinstance(e, dict)), key=lambda t: (t[0], t[1]))
    reached: set[str] = set()
    for src, _ln, ev, run in events:
        if ev.get("kind") in _SWD_FLASHED:
            reached.add(src)
        elif ev.get("kind") in _SWD_CONNECT_FAILED and src in reached:
            out.append({"how": "after_flash", "line": ev.get("line"), "lineno": ev.get("lineno"), "source": ev.get("source"), "tool": run.get("tool")})
            break
    # stlink runs of one paste (st-info before and after a flash, pasted in any order): one read the chip (a plausible id),
    # another through the same probe (the serial, where both print it) read nothing: the chip answers only at some moments
    def _read_chip(run: dict[str, Any]) -> bool:
        return run.get("tool") in ("st-info", "st-flash", "st-util") and run.get("chipid") not in (None, "0x0000") and \
            not any(isinstance(e, dict) and (e.get("fail") or e.get("kind") == "chip_id_unknown") for e in run.get("events") or [])

    def _read_nothing(run: dict[str, Any]) -> dict[str, Any] | None:
        if run.get("tool") not in ("st-info", "st-flash", "st-util") or run.get("connect_under_reset"):
            return None
        for e in run.get("events") or []:
            if isinstance(e, dict) and (e.get("kind") == "target_connect_failed" or (e.get("kind") == "chip_id" and e.get("value") == 0)):
                return e
        return None

    stl = [run for _s, _l, run in runs if run.get("tool") in ("st-info", "st-flash", "st-util")]
    readers = [r for r in stl if _read_chip(r)]
    for run in stl:
        nothing = _read_nothing(run)
        if nothing is None or not readers:
            continue
        serials = {r.get("serial") for r in readers if r.get("serial")}
        if run.get("serial") and serials and run.get("serial") not in serials:
            continue
        if any(isinstance(e, dict) and e.get("kind") in ("libusb_pipe", "usb_timeout", "target_voltage_low") for e in run.get("events") or []):
            continue
        out.append({"how": "answered_elsewhere", "line": nothing.get("line"), "lineno": nothing.get("lineno"), "source": nothing.get("source"),
                    "tool": run.get("tool")})
        break
    plain_fail = [(run, failure(run)) for _s, _l, run in runs if failure(run) is not None and not run.get("connect_under_reset")]
    under_ok = [run for _s, _l, run in runs if run.get("connect_under_reset") and failure(run) is None and run.get("success")]
    if plain_fail and under_ok:
        plain_run, plain_ev = plain_fail[0]
        if plain_ev is not None:
            out.append({"how": "under_reset", "line": plain_ev.get("line"), "lineno": plain_ev.get("lineno"),
                        "source": plain_ev.get("source"), "tool": plain_run.get("tool")})
    return out


# The USB-serial bridges brltty's udev rules claim, with the first brltty release that does (brltty git,
# Programs/usb_devices.c "Generic Identifier" entries, tags BRLTTY-6.3 to 6.9). PL2303 (067b) is in none.
# 1a86:7523 since 6.5 only behind the hub 1a40:0101. Belongs in knowledge/devices.toml as a device attribute.
BRLTTY_CLAIMS = {"0403:6001": "6.3", "10c4:ea60": "6.3", "10c4:ea80": "6.3", "1a86:7523": "6.4", "1a86:55d3": "6.7", "0403:6010": "6.7"}


@deriver("brltty_takes", fields=("vid", "pid", "role_name", "product", "service", "line", "source", "reason", "since"))
def brltty_takes(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """`brltty_grab` narrowed to the bridges brltty's own udev rules match (SER001): a PL2303 or a CP2105 without
    a tty while brltty runs is not brltty's doing."""
    out = []
    for item in brltty_grab(facts):
        key = f"{str(item.get('vid') or '').lower()}:{str(item.get('pid') or '').lower()}"
        if key in BRLTTY_CLAIMS:
            out.append({**item, "since": BRLTTY_CLAIMS[key]})
    return out


# (devboards s21) an ESP chip whose ROM comes up in its serial download mode at reset ("boot:0x3 (DOWNLOAD_BOOT(UART0...))" /
# "boot:0x0 (DOWNLOAD(USB/UART0))", "waiting for download") and never boots from flash anywhere in the texts: its boot strap
# (GPIO0; GPIO9 on C3/C6) is held low by a button, a jumper to GND or a circuit on the pin (arduino-esp32#2278: a relay on
# GPIO0; #7874: the IO0-GND wire left in after flashing), the ESP form of a BOOT0 left set (BOOT004). Not when the same texts
# show the chip booting from flash (the esptool parser's `esp_flash_boot`: a normal ROM line, an "entry 0x..." handover), nor
# when download mode was entered on purpose (reviewfix3 s21): esptool's own note that the chip was put there
# (`esp_download_mode_note`), or an esptool session (a chip read, a write, "Download mode successfully detected") after the
# ROM's download line with no download line after it: the chip was then flashed from that mode, not stuck in it.
# `after_flash` when an esptool write of the same texts came before it: the image was written, the reset came back to the ROM.
_ESP_SESSION = ("esp_chip", "flash_written")


@deriver("esp_download_boot_held", fields=("after_flash", "line", "source", "chip", "strap", "soft_restart", "intermittent"))
def esp_download_boot_held(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The ESP ROM's download boot with no boot from flash after it anywhere in the snapshot (BOOT004; an ESP8266 restarted
    in software into its UART loader: BOOT009)."""
    events = [e for ns in ("flash", "serial") for run in (_ns(facts, ns).get("runs") or []) if isinstance(run, dict)
              for e in (run.get("events") or []) if isinstance(e, dict)]
    downloads = [e for e in events if e.get("kind") == "esp_rom_download_boot"]
    if not downloads:
        return []
    if any(e.get("kind") == "esp_download_mode_note" for e in events):
        return []
    # (stuck-boot s22) in the order the texts were given, then by line: a boot from flash AFTER the last download boot says the
    # download mode was entered on purpose and left (cu-macos-esp32: BOOT held, then a plain reset); one only BEFORE it says the
    # strap was read low at a later reset, some resets and not others (LilyGo-EPD47#88: a capacitor on the IO0 button)
    order = {str(s.get("name")): i for i, s in enumerate(facts.get("sources") or []) if isinstance(s, dict)}

    def at(e: dict[str, Any]) -> tuple[int, int]:
        return (order.get(str(e.get("source")), 0), e.get("lineno") or 0)

    boots = [e for e in events if e.get("kind") == "esp_flash_boot"]
    last_dl = max(downloads, key=at)
    if any(at(b) > at(last_dl) for b in boots):
        return []
    # (stuck-boot s22 review) a boot from flash, then ONE download boot is also BOOT held on purpose (a normal boot, then BOOT
    # held to show download mode; two texts given in either order): some resets and not others takes two download boots after
    # the last boot from flash, or the post saying it happens at random (claims.said_esp_download_random)
    intermittent = False
    if boots:
        latest_boot = max(at(b) for b in boots)
        downloads = [d for d in downloads if at(d) > latest_boot]
        said = any(isinstance(e, dict) and e.get("kind") == "said_esp_download_random"
                   for run in (_ns(facts, "claims").get("runs") or []) if isinstance(run, dict) for e in (run.get("events") or []))
        if len(downloads) < 2 and not said:
            return []
        intermittent = True
    first = min(downloads, key=at)
    src = first.get("source")
    first_no = first.get("lineno") or 0
    last_no = max((d.get("lineno") or 0) for d in downloads if d.get("source") == src)
    for e in events:
        if e.get("source") != src or (e.get("lineno") or 0) <= max(first_no, last_no):
            continue
        if e.get("kind") in _ESP_SESSION or (e.get("kind") == "esp_connect_failed"
                                              and "download mode successfully detected" in str(e.get("text") or e.get("line") or "").lower()):
            return []
    written = any(e.get("kind") == "flash_written" and e.get("source") == src
                  and (e.get("lineno") or 0) < first_no for e in events)
    out: dict[str, Any] = {"after_flash": written, "line": first.get("line"), "source": src, "intermittent": intermittent}
    if first.get("chip") == "esp8266":
        # (stuck-boot s22) the ESP8266's boot-mode digit names the pins it read (esp8266/Arduino doc/boards.rst); a software or
        # watchdog restart (rst cause 3/4) that comes back in the UART loader is the known state after a serial upload that was
        # not followed by a physical reset (doc/faq.rst "ESP.restart() doesn't work"; esp8266/Arduino#1017, #3432)
        mode = first.get("mode")
        out["chip"] = "esp8266"
        out["strap"] = {0: "GPIO0 and GPIO2 low", 1: "GPIO0 low", 2: "GPIO2 low"}.get(mode, "GPIO15 high (SDIO boot)") if isinstance(mode, int) else "GPIO0 low"
        out["soft_restart"] = any(d.get("chip") == "esp8266" and d.get("mode") == 1 and d.get("rst") in (3, 4) for d in downloads)
    return [out]


# (stuck-boot s22) a completed flash, then, in the same text, the chip's ROM back in its download boot after a reset the host asked
# for over the chip's own USB-Serial/JTAG (rst USB_UART_CHIP_RESET / USB_JTAG_CHIP_RESET on S3/C3, USB_UART_HPSYS / USB_JTAG_HPSYS
# on C6/H2) and no boot from flash or new tool session after it: the tool's reset after the write left the chip in its ROM loader
# instead of starting the new program (espflash#556: "Flashing has completed!", then "rst:0x15 (USB_UART_HPSYS),boot:0x4
# (DOWNLOAD(USB/UART0/SDIO_FEI_FEO))" and "waiting for download"), the ESP form of a board left in its bootloader (BOOT009)
_ESP_FLASHED = ("flash_written", "flash_done", "flash_verified")


@deriver("esp_left_in_download", fields=("reset", "line", "flashed", "source"))
def esp_left_in_download(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """An ESP chip back in its ROM download boot after a completed flash, reset from its USB side (BOOT009)."""
    for ns in ("flash", "serial"):
        for run in _ns(facts, ns).get("runs") or []:
            if not isinstance(run, dict):
                continue
            evs = [e for e in run.get("events") or [] if isinstance(e, dict)]
            for dl in (e for e in evs if e.get("kind") == "esp_rom_usb_download_boot"):
                no = dl.get("lineno") or 0
                done = [e for e in evs if e.get("kind") in _ESP_FLASHED and (e.get("lineno") or 0) < no]
                later = [e for e in evs if (e.get("lineno") or 0) > no and e.get("kind") in ("esp_flash_boot", *_ESP_SESSION)]
                if done and not later:
                    return [{"reset": dl.get("reset"), "line": dl.get("line"), "flashed": done[-1].get("line"), "source": run.get("source")}]
    return []


@deriver("rom_dfu", fields=("mcu", "family", "usb_dfu", "interfaces", "usart", "advice", "line", "source"))
def rom_dfu(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The MCUs the snapshot names (Klipper .config, USB ids and by-id names, printer.cfg serial paths, the ROM's
    device id that stm32flash read) with what their ROM bootloader listens on (knowledge/rom_bootloaders.toml,
    ST AN2606): `usb_dfu` false = BOOT0 can never bring up a USB DFU device on that chip."""
    from doctor import rom_bootloaders

    found: list[tuple[str | None, Any, dict[str, Any]]] = []  # (mcu name, chip id, where)
    klipper = _ns(facts, "klipper")
    config = klipper.get("config")
    if isinstance(config, dict) and isinstance(config.get("mcu"), str):
        found.append((config["mcu"], None, {"line": f"CONFIG_MCU=\"{config['mcu']}\"", "source": config.get("source")}))
    for item in usb_seen(facts):
        if isinstance(item.get("mcu"), str):
            found.append((item["mcu"], None, item))
    printer_cfg = klipper.get("printer_cfg")
    for mcu in (printer_cfg.get("mcus") or []) if isinstance(printer_cfg, dict) else []:
        if isinstance(mcu, dict) and isinstance(mcu.get("serial"), str):
            found.append((mcu["serial"], None, {"line": f"serial: {mcu['serial']}", "source": mcu.get("source")}))
    for run in _ns(facts, "flash").get("runs") or []:
        if isinstance(run, dict) and run.get("chipid") and run.get("tool") in ("stm32flash", "stm32loader"):
            ev = next((e for e in run.get("events") or [] if isinstance(e, dict) and e.get("kind") == "rom_answered"), {})
            found.append((None, run["chipid"], {"line": ev.get("line") or f"Device ID: {run['chipid']}", "source": run.get("source")}))
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name, chipid, where in found:
        row = rom_bootloaders.family(name, chipid)
        if row is None or row["name"] in seen:
            continue
        seen.add(row["name"])
        out.append({"mcu": rom_bootloaders.mcu_name(name) or chipid, "family": row["name"], "usb_dfu": bool(row.get("usb_dfu")),
                    "interfaces": ", ".join(row.get("interfaces", [])), "usart": row.get("usart"),
                    "advice": rom_bootloaders.no_usb_dfu_advice(row) if not row.get("usb_dfu") else "",
                    "line": where.get("line"), "source": where.get("source")})
    return out


@deriver("dfu_programmer_wrong_target", fields=("target", "expected", "vid", "pid", "targets", "role_name", "line", "source"))
def dfu_programmer_wrong_target(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """dfu-programmer said "no device present" for its target while an Atmel DFU bootloader with another product id
    is on the bus: dfu-programmer opens only the id of the target it was given (knowledge/avr_bootloaders.toml
    [[dfu_targets]], from dfu-programmer's target table), so the target name does not fit the device (an Uno R1's
    8U2 is at90usb82, a 32U4 board is not atmega32u2). `targets`: the names that fit the device on the bus."""
    runs = [r for r in _ns(facts, "dfu").get("runs") or [] if isinstance(r, dict) and r.get("target")
            and any(isinstance(e, dict) and e.get("kind") == "no_dfu_device" for e in r.get("events") or [])]
    if not runs:
        return []
    by_pid = {row["pid"]: list(row["targets"]) for row in _knowledge_toml("avr_bootloaders.toml").get("dfu_targets", [])}
    pid_of = {t: pid for pid, names in by_pid.items() for t in names}
    on_bus = [d for d in usb_seen(facts) if d.get("vid") == "03eb" and d.get("pid") in by_pid]
    out: list[dict[str, Any]] = []
    for run in runs:
        target = str(run["target"]).lower()
        expected = pid_of.get(target)
        for dev in on_bus:
            if dev["pid"] == expected:
                continue
            ev = next(e for e in run["events"] if isinstance(e, dict) and e.get("kind") == "no_dfu_device")
            out.append({"target": target, "expected": f"03eb:{expected}" if expected else "an id dfu-programmer does not list",
                        "vid": dev["vid"], "pid": dev["pid"], "targets": " or ".join(by_pid[dev["pid"]]),
                        "role_name": dev.get("role_name"), "line": ev.get("line"), "source": ev.get("source")})
    return out


@deriver("upload_port_unchanged", fields=("port", "line", "source"))
def upload_port_unchanged(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """A wrapper (PlatformIO, Arduino IDE/CLI) reset a native-USB board with the 1200-baud touch, waited for the
    bootloader's new port, then ran avrdude's avr109 (Caterina) upload on the port it had before: the new port never
    appeared in time, so the upload went to the old port (BOOT008)."""
    before: set[str] = set()
    found: set[str] = set()
    waited = False
    for run in _ns(facts, "flash").get("runs") or []:
        touched = False
        for e in run.get("events") or [] if isinstance(run, dict) else []:
            if not isinstance(e, dict):
                continue
            if e.get("kind") == "upload_port" and e.get("device"):
                # (winmac s6c) a port found after the touch is the bootloader's new one (Arduino IDE on Windows: touch on
                # COM18, "Found upload port: COM8"): the upload going there is right, not a sign the port never changed
                if not touched:
                    before.add(str(e["device"]).strip('"').lower())
                elif run.get("tool") == "arduino":
                    # (spent-f s10) the Arduino IDE/CLI name a port after the touch only when it newly appeared ("Found upload
                    # port: /dev/ttyACM0" after the PORTS lines showed it vanish and come back): Linux gave the bootloader the
                    # old name, and the upload going there is the new port
                    found.add(str(e["device"]).strip('"').lower())
            elif e.get("kind") in ("waiting_new_port", "touch_1200"):
                waited = touched = True
                if e.get("port"):
                    before.add(str(e["port"]).strip('"').lower())
    if not (waited and before):
        return []
    out: list[dict[str, Any]] = []
    for run in _ns(facts, "avrdude").get("runs") or []:
        if not isinstance(run, dict) or run.get("programmer") not in ("avr109", "butterfly", "caterina") or run.get("success"):
            continue
        kinds = {e.get("kind") for e in run.get("events") or [] if isinstance(e, dict)}
        if kinds & {"programmer_found", "bytes_written", "bytes_verified", "avr_signature"}:
            continue  # the bootloader answered on that port (Linux often gives it the same ttyACM name)
        device = str(run.get("device") or "").strip('"').lower()
        if device and device in before and device not in found:
            out.append({"port": run.get("device"), "line": str(run.get("command") or "")[:200], "source": run.get("source")})
    return out


def _com_key(port: Any) -> str:
    """A port as the wrappers and avrdude name it, compared: `\\\\.\\COM1`, `"COM1"` and `com1` are one port."""
    key = str(port or "").strip().strip('"').lower()
    return key.removeprefix("\\\\.\\").removeprefix("/dev/")


def _com_name(port: Any) -> str:
    """(review s22) The port as shown to the person: `\\\\.\\COM1` and `"COM1"` read COM1 (its case kept)."""
    return str(port or "").strip().strip('"').removeprefix("\\\\.\\")


@deriver("upload_on_vanished_port", fields=("port", "new_port", "line", "source"))
def upload_on_vanished_port(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(avr-serial s22) The wrapper's 1200-baud touch worked and it saw the bootloader's new port (the Arduino IDE 1.x /
    Sloeber "PORTS {..} / {..} => {COM5, }" diff, "Found upload port: COM5", Sloeber's 'Using port "COM5" from now
    onwards'), yet avrdude was run on another port that no longer exists (`ser_open(): can't open device "\\\\.\\COM1": The
    system cannot find the file specified`): the upload went to the stale port while the bootloader waited on the new one
    (Sloeber#856/#772). The window was not missed; the port given was wrong (SER005), so this names both ports."""
    # (review s22) per wrapper run: the ports its touch reset and the new port it then saw; a failed port counts only when it
    # is one that run touched (a manual avrdude on another port is not the stale port) and is named with that run's new port
    # (s24) a paste cut below the touch (its "Forcing reset" and PORTS lines gone) that still shows Sloeber's 'Using comport
    # COM5 from now onwards': the wrapper announced the new port, so a failed port that is not it is the stale one
    # (`touched` None: any port but the new one)
    touches: list[tuple[set[str] | None, str]] = []
    all_new: set[str] = set()
    for run in _ns(facts, "flash").get("runs") or []:
        touched: set[str] = set()
        new_port = None
        for e in run.get("events") or [] if isinstance(run, dict) else []:
            if not isinstance(e, dict):
                continue
            if e.get("kind") == "touch_1200" and e.get("port"):
                touched.add(_com_key(e["port"]))
            elif e.get("kind") == "upload_port" and e.get("device") and (touched or "from now onwards" in str(e.get("line") or "")):
                new_port = _com_name(e["device"])
        if new_port:  # seen after a touch, or announced "from now onwards"
            touches.append((touched or None, new_port))
            all_new.add(_com_key(new_port))
    if not touches:
        return []
    out: list[dict[str, Any]] = []
    for run in _ns(facts, "avrdude").get("runs") or []:
        if not isinstance(run, dict) or run.get("success"):
            continue
        for e in run.get("events") or []:
            if not isinstance(e, dict) or e.get("kind") != "serial_no_such_port":
                continue
            port = e.get("port") or run.get("device")
            key = _com_key(port)
            hit = next((new for old, new in touches if (old is None or key in old) and key not in all_new), None) if port else None
            if hit:
                out.append({"port": _com_name(port), "new_port": hit, "line": e.get("line"), "source": e.get("source")})
                break
    return out


def _port_key(port: Any) -> str:
    return str(port or "").strip().strip('"').lower().removeprefix("/dev/")


@deriver("bossac_on_new_port", fields=("port", "touched", "line", "source"))
def bossac_on_new_port(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """bossac found no SAM-BA bootloader on a port other than the one the wrapper's 1200-baud touch went to (PlatformIO
    / the Arduino IDE: "Forcing reset using 1200bps open/close on port COM4", "Waiting for the new upload port...", then
    "No device found on COM5"): the board did reset into its bootloader, which came up as the new port, and bossac
    still could not talk to it there; the missed bootloader entry of BOOT001 is then not what the text shows
    (platformio-community s18, community.platformio.org 21396: PlatformIO's bossac on a Feather M4 CAN, fixed by the
    Arduino IDE's bossac)."""
    touched: dict[Any, set[str]] = {}
    for run in _ns(facts, "flash").get("runs") or []:
        for e in run.get("events") or [] if isinstance(run, dict) else []:
            if isinstance(e, dict) and e.get("kind") == "touch_1200" and e.get("port"):
                touched.setdefault(e.get("source"), set()).add(_port_key(e["port"]))
    out: list[dict[str, Any]] = []
    for run in _ns(facts, "flash").get("runs") or []:
        if not isinstance(run, dict) or run.get("tool") != "bossac":
            continue
        for e in run.get("events") or []:
            if not isinstance(e, dict) or e.get("kind") != "bootloader_not_found" or not e.get("port"):
                continue
            ports = touched.get(e.get("source"))
            if ports and _port_key(e["port"]) not in ports:
                out.append({"port": e["port"], "touched": ", ".join(sorted(ports)), "line": e.get("line"), "source": e.get("source")})
    return out


# (platformio-community s18) what a listed port's description or USB vendor says about it: a development board (the
# names Arduino/Genuino, Teensy, Adafruit, SparkFun, Seeed, Raspberry Pi, STM32/Maple, Klipper/Katapult boards give their
# USB product strings; the vendor ids of Arduino, Adafruit, PJRC, SparkFun, the Pico SDK, Maple, Klipper), or another
# device that also offers a serial port (a mobile-broadband modem's control/NMEA/data ports, a Bluetooth link, a PC's
# own UART)
_BOARD_WORDS = re.compile(r"(?i)\b(?:arduino|genuino|teensy|feather|itsybitsy|trinket|metro m[04]|adafruit|sparkfun|seeed|xiao|"
                          r"raspberry pi pico|rp2040|rp2350|maple|stm32|nucleo|klipper|katapult|canboot|leonardo|"
                          r"nano(?: every| 33)?|uno|mega ?2560|due|zero|mkr|pro micro|esp32|nodemcu|wemos)\b")
_OTHER_DEVICE = re.compile(r"(?i)modem|broadband|\bgps\b|nmea|bluetooth|communications port|\bAMT\b|serial over lan|\bprinter\b|\bUPS\b")


def _port_role(port: dict[str, Any]) -> str | None:
    from doctor import devices

    desc = str(port.get("description") or "")
    usb = port.get("usb") or {}
    vid, pid = str(usb.get("vid") or ""), str(usb.get("pid") or "")
    # the USB id, by the device table (knowledge/devices.toml: a board's firmware, its USB-serial bridge or bootloader)
    known = devices.classify(vid, pid, product=desc).kind if re.fullmatch(r"[0-9a-fA-F]{4}", vid) and re.fullmatch(r"[0-9a-fA-F]{4}", pid) else "other"
    if _BOARD_WORDS.search(desc) or known in ("app", "usb-serial", "bootloader"):
        return "board"
    # (deepen-boot006 s19) COM1: the number Windows gives a PC's own first serial port (a USB adapter can get COM2:
    # esp32.com 42392's CH340C, platformio-core#3874's Nano 33 BLE)
    if _OTHER_DEVICE.search(desc) or re.match(r"^(?:/dev/tty(?:S|AMA)\d+|COM1)$", str(port.get("device") or ""), re.I):
        return "other"
    return None


@deriver("upload_port_not_board", fields=("port", "description", "board_port", "board", "line", "source"))
def upload_port_not_board(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """A wrapper (PlatformIO's auto-detection, a manually given port) uploaded to a port that a pasted port listing
    (`pio device list`) describes as another device, while the same listing shows a board on another port: the
    uploader talked to a modem's or an adapter's port, not to the board (BOOT006; platformio-core#1904 and #15: a mobile
    broadband card's ttyACM0 taken over the Mega's ttyACM3)."""
    listed = {str(p.get("device")).lower(): p for p in _ns(facts, "serial").get("ports") or []
              if isinstance(p, dict) and p.get("origin") == "pasted" and p.get("device") and "description" in p}
    if len(listed) < 2:
        return []
    boards = [p for p in listed.values() if _port_role(p) == "board"]
    out: list[dict[str, Any]] = []
    used: list[dict[str, Any]] = []
    for run in _ns(facts, "flash").get("runs") or []:
        for e in run.get("events") or [] if isinstance(run, dict) else []:
            if isinstance(e, dict) and e.get("kind") == "upload_port" and e.get("device"):
                used.append(e)
            elif isinstance(e, dict) and e.get("kind") == "esp_connect_failed" and e.get("port"):
                # (deepen-boot006 s19) esptool's "Serial port X" above its connect failure (arduino-cli / IDE uploads)
                used.append({"device": e["port"], "line": e.get("line"), "source": e.get("source")})
    for run in _ns(facts, "avrdude").get("runs") or []:
        # (deepen-boot006 s19) avrdude's own -P (arduino-cli upload -p, the IDE's port menu) on a failed run
        if isinstance(run, dict) and run.get("device") and run.get("success") is False:
            fail = next((e for e in run.get("events") or [] if isinstance(e, dict) and e.get("fail")), None)
            if fail:
                used.append({"device": run["device"], "line": fail.get("line"), "source": fail.get("source")})
    for e in used:
        port = listed.get(str(e["device"]).lower())
        if port is None or _port_role(port) != "other":
            continue
        board = next((b for b in boards if b is not port), None)
        if board is not None:
            out.append({"port": e["device"], "description": port.get("description"), "board_port": board.get("device"),
                        "board": board.get("description"), "line": e.get("line"), "source": e.get("source")})
    return out


# (stackexchange s9) USB ids of devices that always bring a tty with them once the kernel's driver binds: the USB-serial
# bridges (CH34x/CH9102, CP210x, FTDI, PL2303) and the CDC-ACM boards (Arduino/Genuino, Klipper's firmware, ST's VCP,
# the Pico SDK's stdio and the Debug Probe, SparkFun/Adafruit CDC boards). A bootloader id without a tty (BOOTSEL
# 2e8a:0003, 03eb:2fef DFU, 0483:df11) is not here.
_TTY_IDS: dict[str, tuple[str, ...] | None] = {
    "1a86": ("7523", "5523", "7522", "55d2", "55d3", "55d4", "55d5"), "10c4": ("ea60", "ea70", "ea71"),
    "0403": ("6001", "6010", "6011", "6014", "6015"), "067b": ("2303", "23a3", "23c3", "23d3"),
    "2341": None, "2a03": None, "1d50": ("614e",), "0483": ("5740",), "2e8a": ("000a", "000c", "0009"), "1b4f": None,
}


def _by_id_names_device(by_id: list[str], ev: dict[str, Any]) -> bool:
    """Whether one of the pasted /dev/serial/by-id names is the tty of the device a kernel `New USB device found` event
    describes: udev names it usb-<Manufacturer>_<Product>_<SerialNumber>-if<NN>[-port<N>] (spaces as `_`, the vendor id
    where the device has no manufacturer string), so its serial number string, or its manufacturer and product strings,
    appear in the name (Klipper: usb-Klipper_stm32f446xx_<serial>-if00; a CH340: usb-1a86_USB_Serial-if00-port0)."""
    def norm(v: Any) -> str:
        return re.sub(r"\s+", "_", str(v or "").strip()).lower()
    serial, product = norm(ev.get("serial")), norm(ev.get("product"))
    maker = norm(ev.get("manufacturer")) or norm(ev.get("vid"))  # no iManufacturer: udev puts the vendor id there
    for name in by_id:
        if serial and len(serial) >= 4 and f"_{serial}-if" in name:
            return True
        if maker and product and (name.startswith(f"usb-{maker}_{product}_") or name.startswith(f"usb-{maker}_{product}-if")):
            return True
    return False


@deriver("serial_bridge_no_tty", fields=("vid", "pid", "product", "port", "line", "source"))
def serial_bridge_no_tty(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """A USB-serial bridge or CDC-ACM board that enumerated (kernel `New USB device found`) but got no tty, nothing
    claimed it and it did not leave: in a kernel log that goes on past it, no driver bound the device (the kernel was
    built without cdc_acm/ch341/ftdi_sio/cp210x, or the module is blacklisted). brltty, a usbfs claim, a probe failure
    or a disconnect on that port explain it otherwise and are not judged here."""
    events = [e for e in _ns(facts, "kernel").get("events") or [] if isinstance(e, dict)]
    if not events or any(e.get("kind") in ("usbfs_claim_conflict", "brltty_activity", "modemmanager_probe") for e in events):
        return []
    by_id = [str(e.get("name") or "").lower() for e in _ns(facts, "serial").get("by_id") or [] if isinstance(e, dict)]
    out: list[dict[str, Any]] = []
    for i, ev in enumerate(events):
        if ev.get("kind") != "usb_device_ids" or not ev.get("port"):
            continue
        vid, pid = str(ev.get("vid") or ""), str(ev.get("pid") or "")
        if vid not in _TTY_IDS or (_TTY_IDS[vid] is not None and pid not in (_TTY_IDS[vid] or ())):
            continue
        port = str(ev["port"])
        later = [e for e in events[i + 1:] if e.get("source") == ev.get("source")]
        if any(e.get("kind") in ("tty_attached", "usb_serial_detected", "driver_probe_failed", "usb_disconnect", "tty_detached")
               and (not e.get("port") or str(e.get("port")) == port or e.get("kind") == "tty_attached") for e in later):
            continue
        if any(e.get("kind") == "usb_device_ids" and str(e.get("port")) == port for e in later):
            continue  # the same port enumerated again later: judged on its last enumeration
        if any(e.get("kind") == "driver_registered" for e in later):
            continue  # a USB-serial driver is loading for it (usbserial, ch341, cdc_acm): a paste cut before its tty line
        if _by_id_names_device(by_id, ev):
            continue  # (klipper-thin-ids s14) a pasted /dev/serial/by-id link names it: a tty exists, the dmesg was cut
        out.append({"vid": vid, "pid": pid, "product": ev.get("product"), "port": port, "line": ev.get("line"),
                    "source": ev.get("source")})
    return out


_BOOTLOADER_APPS = ("katapult", "canboot")
_KLIPPER_USB_PATH = re.compile(r"usb-Klipper_([A-Za-z0-9]+)_")
_CONNECT_FAIL_KINDS = ("mcu_connect_timeout", "mcu_unable_to_connect", *_NO_PORT_KINDS)


def _katapult_done(events: list[Any]) -> list[dict[str, Any]]:
    """A Katapult run's lines that say the image was written and checked ("Flash Success", "CAN Flash Success",
    "Programming Complete"): the node then leaves the bootloader for the new application."""
    return [e for e in events if isinstance(e, dict) and e.get("kind") == "katapult_complete"
            and re.search(r"(?i)flash success|programming complete", str(e.get("text") or e.get("line") or ""))]


@deriver("in_bootloader_seen", fields=("name", "via", "mcu", "uuid", "application", "configured", "line", "source"))
def in_bootloader_seen(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(s9b) A board Klipper cannot connect to, seen on the bus running its bootloader instead of Klipper (BOOT009):
    - CAN: the UUID query lists a node with "Application: Katapult" / "CanBoot" (Katapult answers a query with the
      same uuid Klipper has); `configured`: printer.cfg names that canbus_uuid;
    - USB: lsusb lists the Katapult/CanBoot USB id (1d50:6177, its product string = the chip, CONFIG_MCU) of the chip
      whose usb-Klipper_<chip>_ path klippy could not open, and no Klipper device (1d50:614e) of that chip;
    - by-id: /dev/serial/by-id holds only bootloader names (usb-katapult_ / usb-CanBoot_), no usb-Klipper_ one.
    Each only with a failure of Klipper to connect in the same paste: a bootloader listed while Katapult is being
    installed, before klipper.bin is flashed, is the normal first half of an update."""
    klipper = _ns(facts, "klipper")
    events = [e for e in (klipper.get("log") or {}).get("events") or [] if isinstance(e, dict)]
    events += [e for r in _ns(facts, "serial").get("runs") or [] if isinstance(r, dict) for e in r.get("events") or [] if isinstance(e, dict)]
    fails = [e for e in events if e.get("kind") in _CONNECT_FAIL_KINDS]
    if not fails:
        return []
    out: list[dict[str, Any]] = []
    wanted = {str(m.get("canbus_uuid")).lower(): m.get("name") for m in (klipper.get("printer_cfg") or {}).get("mcus") or []
              if isinstance(m, dict) and m.get("canbus_uuid")}
    nodes = [n for n in _ns(facts, "can").get("nodes") or [] if isinstance(n, dict)]
    # (klipper-can s10) Katapult's own query (flashtool.py -q, flash_can.py -q: "Detected UUID: <uuid>, Application:
    # Katapult") lists nodes the same way canbus_query.py does; from a run that flashed nothing afterwards (the
    # "Detected UUID" lines a flash prints before writing are its first half, and the node leaves the bootloader)
    for run in _ns(facts, "katapult").get("runs") or []:
        if not isinstance(run, dict):
            continue
        kev = [e for e in run.get("events") or [] if isinstance(e, dict)]
        if _katapult_done(kev):
            continue
        nodes += [e for e in kev if e.get("kind") == "katapult_uuid" and e.get("uuid")]
    for node in nodes:
        if str(node.get("application") or "").lower() not in _BOOTLOADER_APPS:
            continue
        uuid = str(node.get("uuid") or "").lower()
        if wanted and uuid not in wanted:
            continue  # printer.cfg names other nodes: this one is a board being set up
        out.append({"name": wanted.get(uuid) or fails[0].get("name"), "via": "can", "uuid": uuid, "application": node.get("application"),
                    "configured": uuid in wanted, "line": node.get("line"), "source": node.get("source")})
    devices = [d for d in _ns(facts, "usb").get("devices") or [] if isinstance(d, dict)]
    # (deepen-klipper-fw s19) the kernel's "New USB device found, idVendor=1d50, idProduct=6177" with "Manufacturer: katapult"
    # and "Product: stm32f446xx" (dmesg beside klippy's failure) counts as lsusb does: each enumeration, in order
    for kev in _ns(facts, "kernel").get("events") or []:
        if isinstance(kev, dict) and kev.get("kind") == "usb_device_ids" and kev.get("vid") and kev.get("pid") and len(devices) < 256:
            item = {"line": kev.get("line"), "source": kev.get("source")}
            item.update(_classified(kev["vid"], kev["pid"], kev.get("product"), kev.get("manufacturer"), kev.get("version")))
            devices.append(item)
    app_chips = {str(d.get("mcu") or "").lower() for d in devices if d.get("role") == "klipper"}
    for ev in fails:
        m = _KLIPPER_USB_PATH.search(str(ev.get("device") or ev.get("port") or ""))
        if not m:
            continue
        chip = m.group(1).lower()
        if chip in app_chips:
            continue
        for d in devices:
            if d.get("role") == "katapult" and str(d.get("mcu") or chip).lower() == chip:
                out.append({"name": ev.get("name"), "via": "usb", "mcu": chip, "application": d.get("role_name"), "configured": True,
                            "line": d.get("line"), "source": d.get("source")})
                break
    # (thin-boot s15) the failure names no usb-Klipper_ path (Mainsail's "mcu 'mcu': Unable to connect", a CAN or UART
    # timeout), and the bus (lsusb, the kernel's "New USB device found") holds a Katapult/CanBoot device (1d50:6177) and
    # no Klipper one (1d50:614e, nor a Klipper USB-to-CAN bridge 1d50:606f): a board there runs its bootloader
    if not any(o["via"] == "usb" for o in out) and not any(_KLIPPER_USB_PATH.search(str(e.get("device") or e.get("port") or "")) for e in fails):
        seen = usb_seen(facts)
        if not any(d.get("role") == "klipper" or (d.get("vid"), d.get("pid")) == ("1d50", "606f") for d in seen):
            for d in seen:
                if d.get("role") == "katapult":
                    out.append({"name": fails[0].get("name"), "via": "usb-any", "mcu": d.get("mcu") or d.get("product"),
                                "application": d.get("role_name"), "configured": False, "line": d.get("line"), "source": d.get("source")})
                    break
    names = [str(e.get("name") or "") for e in _ns(facts, "serial").get("by_id") or [] if isinstance(e, dict)]
    if names and all(n.lower().startswith(("usb-katapult_", "usb-canboot_")) for n in names):
        out.append({"name": fails[0].get("name"), "via": "by-id", "mcu": (names[0].split("_") + ["", ""])[1], "application": names[0].split("_")[0][4:],
                    "configured": False, "line": names[0], "source": fails[0].get("source")})
    return out


@deriver("katapult_stuck_after_flash", fields=("uuid", "application", "address", "line", "source"))
def katapult_stuck_after_flash(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(deepen-klipper-fw s19) flashtool.py wrote and verified klipper.bin to CAN node U ("Programming Complete" / "CAN Flash
    Success"), and a query printed after it (canbus_query.py's "Found canbus_uuid=U, Application: Katapult", or flashtool.py
    -q's "Detected UUID: U, Application: Katapult") still lists U under the bootloader: Katapult jumped to the new image and
    came back, or never left (BOOT009; an image linked for another offset than Katapult's Application Start is the usual
    reason, FW001). After a good flash the node answers as Klipper, or not at all until Klipper's config assigns it. A query
    before the flash (how the uuid was found) is not it: only a line later in the same text, or in a later pasted text."""
    order = {str(s.get("name")): i for i, s in enumerate(facts.get("sources") or []) if isinstance(s, dict)}

    def after(src_a: Any, line_a: Any, src_b: Any, line_b: Any) -> bool:
        if src_a == src_b:
            return isinstance(line_a, int) and isinstance(line_b, int) and line_b > line_a
        return order.get(str(src_b), -1) > order.get(str(src_a), 10**6)

    nodes: list[dict[str, Any]] = []
    for q in _ns(facts, "can").get("queries") or []:
        if isinstance(q, dict):
            nodes += [e for e in q.get("events") or [] if isinstance(e, dict) and e.get("kind") == "can_uuid_found"]
    runs = [r for r in _ns(facts, "katapult").get("runs") or [] if isinstance(r, dict)]
    for r in runs:
        nodes += [e for e in r.get("events") or [] if isinstance(e, dict) and e.get("kind") == "katapult_uuid"]
    by_id = [e for e in _ns(facts, "serial").get("by_id") or [] if isinstance(e, dict) and e.get("name")]
    out: list[dict[str, Any]] = []
    for r in runs:
        uuid = str(r.get("uuid") or "").lower()
        if not r.get("written") or r.get("success") is False or re.search(r"(?i)deployer|katapult\.bin|canboot\.bin", str(r.get("image") or "")):
            continue  # Katapult's deployer (updating the bootloader itself) leaves the board in Katapult by design
        done = _katapult_done(r.get("events") or [])
        if not done:
            continue
        if not uuid:
            # a USB board flashed over its usb-katapult_ device: a /dev/serial/by-id listing after it that still holds only
            # the bootloader's name for that chip, and no usb-Klipper_ one
            chip = str(r.get("mcu") or "").lower()
            later = [e for e in by_id if after(r.get("source"), done[-1].get("lineno"), e.get("source"), e.get("lineno"))]
            names = [str(e["name"]).lower() for e in later]
            if chip and later and all(n.startswith(("usb-katapult_", "usb-canboot_")) for n in names) and any(f"_{chip}_" in n for n in names):
                e = next(e for e in later if f"_{chip}_" in str(e["name"]).lower())
                out.append({"uuid": e["name"], "application": str(e["name"]).split("_")[0][4:], "address": r.get("address"),
                            "line": e.get("line") or e["name"], "source": e.get("source")})
            continue
        for n in nodes:
            if (str(n.get("uuid") or "").lower() == uuid and str(n.get("application") or "").lower() in _BOOTLOADER_APPS
                    and after(r.get("source"), done[-1].get("lineno"), n.get("source"), n.get("lineno"))):
                out.append({"uuid": uuid, "application": n.get("application"), "address": r.get("address"), "line": n.get("line"),
                            "source": n.get("source")})
                break
    return out[:8]


def _sketch_sizes(facts: dict[str, Any]) -> list[tuple[int, int | None, Any, Any]]:
    """The sketch sizes the Arduino IDE's or PlatformIO's size report shows: (size, the board's limit or None, source,
    line number), in the order of the paste."""
    out: list[tuple[int, int | None, Any, Any]] = []
    for run in _ns(facts, "flash").get("runs") or []:
        if not isinstance(run, dict) or run.get("tool") not in ("arduino", "platformio"):
            continue
        for e in run.get("events") or []:
            if isinstance(e, dict) and e.get("kind") == "image_size_ok" and isinstance(e.get("size"), int):
                out.append((e["size"], e["limit"] if isinstance(e.get("limit"), int) else None, e.get("source"), e.get("lineno")))
    return out


@deriver("image_into_boot_section", fields=("address", "size", "limit", "boot", "line", "source"))
def image_into_boot_section(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(spent-d s10) avrdude's verify found its first wrong byte exactly where an AVR boot section starts (the top
    256 B to 8 KiB of a power-of-two flash: 0x7e00/0x7c00/0x7800/0x7000 on a 32 KiB part, 0x3e000 on a 256 KiB one),
    and the sketch written (the IDE's or PlatformIO's size report, or the byte count of an upload through the bootloader) runs past
    that address: everything below verified, and the part of the sketch inside the boot section did not take, since
    a bootloader cannot write there. The board's bootloader or BOOTSZ fuses reserve more flash than the IDE's limit
    assumes (an old 2 KiB bootloader under an Uno's 512 B Optiboot limit): bootloader plus sketch exceed the flash."""
    sizes = [(size, limit) for size, limit, _, _ in _sketch_sizes(facts)]
    out: list[dict[str, Any]] = []
    for run in _ns(facts, "avrdude").get("runs") or []:
        if not isinstance(run, dict):
            continue
        events = [e for e in run.get("events") or [] if isinstance(e, dict)]
        own: list[tuple[int, int | None]] = list(sizes)
        if run.get("programmer") in _BOOTLOADER_PROTOCOLS:
            own += [(e["count"], None) for e in events if e.get("kind") == "bytes_written" and isinstance(e.get("count"), int)
                    and e.get("memory") in (None, "flash")]
        for e in events:
            address = e.get("address")
            if e.get("kind") != "verify_mismatch" or not isinstance(address, int) or address <= 0 or e.get("memory") not in (None, "flash"):
                continue
            top = 1 << address.bit_length()
            boot = top - address
            if boot & (boot - 1) or not 256 <= boot <= 8192:
                continue  # not the start of a boot section
            for size, limit in own:
                if size > address and (limit is None or top // 2 < limit <= top):
                    out.append({"address": f"0x{address:04x}", "size": size, "limit": limit, "boot": boot,
                                "line": e.get("line"), "source": e.get("source")})
                    break
    return out


@deriver("image_write_into_boot_area", fields=("size", "limit", "start", "func", "line", "lineno", "source"))
def image_write_into_boot_area(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(spent-f s10) The write half of image_into_boot_section: the bootloader answered (avrdude got as far as its paged
    write) and then a page write failed with a protocol error, while the sketch the IDE reported reaches into the top
    4 KiB (8 KiB on parts above 32 KiB) of the flash, where the largest AVR boot section starts (0x7000 on a 32 KiB part).
    A bootloader, or BOOTSZ fuses, bigger than the board's size limit assumes: the pages inside the boot section cannot
    be written by it, and the write breaks there (forum.arduino.cc 65703: an Uno uploading 28,674 bytes but not 28,676)."""
    sizes = [(size, limit, source, lineno) for size, limit, source, lineno in _sketch_sizes(facts) if limit is not None]
    if not sizes:
        return []
    out: list[dict[str, Any]] = []
    for run in _ns(facts, "avrdude").get("runs") or []:
        if not isinstance(run, dict) or run.get("success") is True:
            continue
        for e in run.get("events") or []:
            if not isinstance(e, dict) or e.get("kind") != "stk500_protocol_error" or e.get("func") != "stk500_paged_write":
                continue
            at = e.get("lineno") if isinstance(e.get("lineno"), int) else None
            before = [x for x in sizes if at is not None and x[2] == e.get("source") and isinstance(x[3], int) and x[3] < at]
            # the size report just above the failed write is that upload's sketch; else every size the paste shows
            for size, limit, _, _ in (before[-1:] or sizes):
                if limit <= 0 or size > limit:
                    continue  # an image over the limit is the IDE's own size error
                top = 1 << (limit - 1).bit_length()  # the part's flash: the power of two the limit lies under
                start = top - (4096 if top <= 32768 else 8192)
                if limit <= top and size > start:
                    out.append({"size": size, "limit": limit, "start": f"0x{start:04x}", "func": e.get("func"),
                                "line": e.get("line"), "lineno": e.get("lineno"), "source": e.get("source")})
                    break
            if out:
                return out
    return out


# (usb-drivers s10) tools whose success means the image went over the board's own USB port
_OWN_USB_FLASHERS = ("bossac", "picotool", "uf2-drive", "teensy")


@deriver("own_usb_flash_done", fields=("tool", "source"))
def own_usb_flash_done(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(usb-drivers s10) A flash over the board's own USB that went through: bossac, picotool, a UF2 drive or Teensy
    run that succeeded, a UF2 the post says was copied onto the boot drive, or a DFU download that finished. The
    cable and port just carried the whole image, so a failed enumeration in the same text is the new application's
    own USB, not the link (USB002 stands aside)."""
    out: list[dict[str, Any]] = []
    for run in _ns(facts, "flash").get("runs") or []:
        if not isinstance(run, dict):
            continue
        copied = run.get("tool") == "uf2-drive" and any(isinstance(e, dict) and e.get("kind") == "said_uf2_copied"
                                                         for e in run.get("events") or [])
        if (run.get("success") is True and run.get("tool") in _OWN_USB_FLASHERS) or copied:
            out.append({"tool": run.get("tool"), "source": run.get("source")})
    out += [{"tool": run.get("tool") or "dfu-util", "source": run.get("source")}
            for run in _ns(facts, "dfu").get("runs") or [] if isinstance(run, dict) and run.get("success") is True]
    # (thin-boot s15) Katapult's flashtool.py wrote and verified the image over the board's own USB (its usb-katapult_ /
    # usb-CanBoot_ CDC device, ttyACM, a by-path USB link): not over CAN or a UART
    out += [{"tool": "flashtool", "source": run.get("source")}
            for run in _ns(facts, "katapult").get("runs") or [] if isinstance(run, dict) and run.get("success") is True
            and run.get("interface") == "serial" and run.get("verified")
            and re.search(r"(?i)usb-(?:katapult|canboot)_|/ttyACM\d|/by-path/\S*-usb-", str(run.get("device") or ""))]
    # (deepen-fw-boot s17) avrdude through an ATmega32U4's own-USB CDC bootloader (Caterina, LUFA's CDC bootloader: "Found
    # programmer: Id = "CATERIN"; type = S", avrdude's butterfly/avr109 code) wrote and verified the sketch
    out += [{"tool": "avrdude-caterina", "source": run.get("source")}
            for run in _ns(facts, "avrdude").get("runs") or [] if isinstance(run, dict) and run.get("success") is True
            and run.get("verified") and any(isinstance(e, dict) and e.get("kind") == "programmer_found"
                                            and str(e.get("id") or "").upper() in ("CATERIN", "LUFACDC") for e in run.get("events") or [])]
    # (thin-boot s15) STM32CubeProgrammer wrote the file over the ROM's USB DFU (its "Product ID : STM32  BOOTLOADER" block,
    # no ST-Link) and said "File download complete"
    out += [{"tool": "stm32cubeprogrammer", "source": run.get("source")}
            for run in _ns(facts, "stlink").get("runs") or [] if isinstance(run, dict) and run.get("tool") == "stm32cubeprogrammer"
            and run.get("success") is True and run.get("written") and not run.get("programmer")
            and any(isinstance(e, dict) and e.get("kind") == "dfu_device" for e in run.get("events") or [])]
    return out


# (avr-isp s12) the fuse bit that turns an AVR's RESET pin into an I/O pin (RSTDISBL, programmed = 0): after that no ISP
# programmer can enter programming mode, only a high-voltage programmer clears it. From avrdude src/avrintel.c (commit
# ece86521) cfgtab_*: "rstdisbl" in hfuse bit 7 (0x80) of cfgtab_atmega48/88/168/328(pb), atmega8, attiny24 (t24/44/84),
# attiny25 (t25/45/85), attiny43u (t261/461/861), attiny441 (t441/841), attiny48 (t48/88), attiny87 (t87/167), attiny828,
# attiny1634; bit 0 (0x01) of cfgtab_attiny13 (t13/13a) and attiny2313(a) (t2313/2313a/4313); bit 6 (0x40) of
# cfgtab_atmega8u2/atmega32u2. Parts by avrdude id, "attiny"/"atmega" shortened to "t"/"m"
_RSTDISBL_HFUSE = {
    **{p: 0x80 for p in ("m48", "m48a", "m48p", "m48pa", "m48pb", "m88", "m88a", "m88p", "m88pa", "m88pb", "m168", "m168a",
                         "m168p", "m168pa", "m168pb", "m328", "m328p", "m328pb", "m8", "m8a", "t24", "t24a", "t44", "t44a",
                         "t84", "t84a", "t25", "t45", "t85", "t261", "t261a", "t461", "t461a", "t861", "t861a", "t43u",
                         "t441", "t841", "t48", "t88", "t87", "t167", "t828", "t1634")},
    **{p: 0x01 for p in ("t13", "t13a", "t2313", "t2313a", "t4313")},
    **{p: 0x40 for p in ("m8u2", "m32u2")},
}
_FUSE_ARG = re.compile(r"(?i)-U\s*(hfuse|high):w:(0x[0-9a-f]{1,2}|0b[01]{1,8}|[0-9]{1,3}):m\b")
_ISP_SHUT = frozenset(("target_no_answer", "init_failed", "signature_invalid", "signature_unreadable"))


def _avr_part_id(part: Any) -> str:
    p = str(part or "").strip().lower()
    for long, short in (("attiny", "t"), ("atmega", "m")):
        if p.startswith(long):
            return short + p[len(long):]
    return p


def _fuse_int(value: str) -> int | None:
    v = value.strip().lower()
    try:
        return int(v[2:], 2) if v.startswith("0b") else int(v, 16) if v.startswith("0x") else int(v)
    except ValueError:
        return None


@deriver("avr_reset_fuse", fields=("part", "value", "fuse_line", "line", "lineno", "source"))
def avr_reset_fuse(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(avr-isp s12) A high-fuse value in the pasted avrdude runs (a `-U hfuse:w:V:m` command or 7.x's "reading input
    file 0x5f for hfuse") that programs RSTDISBL for the part named, while a run shows the chip no longer entering ISP
    programming mode (target does not answer, initialization failed, an invalid or unreadable signature): RESET became
    an I/O pin and ISP cannot reach the chip any more (AVR005; Japanese ATtiny85 notes: hfuse 0x5f, then "target does not
    answer (0x01)" at every -B; electronics.SE: m328p hfuse 0x05 with a USBtiny)."""
    runs = [r for r in _ns(facts, "avrdude").get("runs") or [] if isinstance(r, dict)]
    parts = {_avr_part_id(r.get("part")) for r in runs if r.get("part")}
    shut = [e for r in runs for e in r.get("events") or [] if isinstance(e, dict) and (e.get("kind") in _ISP_SHUT or (
        e.get("kind") == "avr_signature" and e.get("value") in ("0x000000", "0xffffff")))]
    if not shut:
        return []
    out: list[dict[str, Any]] = []
    for run in runs:
        part = _avr_part_id(run.get("part")) if run.get("part") else (next(iter(parts)) if len(parts) == 1 else "")
        mask = _RSTDISBL_HFUSE.get(part)
        if not mask:
            continue
        writes = [(m.group(2), str(run.get("command") or "")) for m in _FUSE_ARG.finditer(" ".join(map(str, run.get("argv") or [])))]
        writes += [(str(e.get("value") or ""), str(e.get("line") or "")) for e in run.get("events") or []
                   if isinstance(e, dict) and e.get("kind") == "fuse_input" and e.get("memory") == "hfuse"]
        for value, fuse_line in writes:
            v = _fuse_int(value)
            if v is not None and not v & mask:
                first = shut[0]
                out.append({"part": part, "value": f"0x{v:02x}", "fuse_line": fuse_line.strip()[:200], "line": first.get("line"),
                            "lineno": first.get("lineno"), "source": first.get("source")})
                return out
    return out


def _gcf_runs(facts: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in _ns(facts, "flash").get("runs") or [] if isinstance(r, dict) and r.get("tool") == "gcfflasher"]


@deriver("gcf_device_unlisted", fields=("device", "listed", "line", "lineno", "source"))
def gcf_device_unlisted(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(zigbee-thread-dongles s14) GCFFlasher was told a device (`-d /dev/ttyAMA0`) that its own device listing (`-l`,
    or V2's "no device specified use RaspBee (/dev/ttyS0)") does not show, while it lists a ConBee/RaspBee elsewhere, and
    the run with that -d failed ("retry, failed", no bootloader answer): the stick sits on the listed path (SER005;
    deconz-rest-plugin#2955: RaspBee II on a Pi 3 listed at /dev/ttyS0, flashed with -d /dev/ttyAMA0)."""
    runs = _gcf_runs(facts)
    listed = sorted({str(e["path"]) for r in runs for e in r.get("events") or []
                     if isinstance(e, dict) and e.get("kind") == "gcf_device" and e.get("path")})
    if not listed:
        return []
    out: list[dict[str, Any]] = []
    for run in runs:
        evs = [e for e in run.get("events") or [] if isinstance(e, dict)]
        given = next((str(e["device"]) for e in evs if e.get("kind") == "gcf_firmware" and e.get("device")), None)
        failed = [e for e in evs if e.get("kind") in ("gcf_connect_failed", "gcf_no_bootloader")]
        if given and failed and given not in listed:
            out.append({"device": given, "listed": ", ".join(listed), "line": failed[0].get("line"),
                        "lineno": failed[0].get("lineno"), "source": failed[0].get("source")})
    return out


_DE_VID = "1cf1"  # dresden elektronik's USB vendor id (ConBee II 1cf1:0030)


@deriver("gcf_list_empty_stick_enumerated", fields=("product", "vid", "pid", "line", "lineno", "source", "list_line"))
def gcf_list_empty_stick_enumerated(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """(zigbee-thread-dongles s14) `GCFFlasher -l` printed its header and no stick, while the pasted kernel log or lsusb
    shows a dresden elektronik stick (1cf1:xxxx, or a product named ConBee/RaspBee) enumerated: the stick is on the bus,
    but the tool's discovery found no device node for it. V3/V4 find sticks through udev's records (V4
    linux_get_usb_devices.c runs `udevadm info` on each tty; the /dev/serial/by-id links): after an update removed
    /dev/serial/by-id (blog.emeidi.com, Debian 2023) or before `udevadm trigger` ran, only naming the tty itself
    (`-d /dev/ttyACM0`, deCONZ `--dev=/dev/ttyACM0`) reaches it (SER005)."""
    runs = _gcf_runs(facts)
    empty = None
    for run in runs:
        evs = [e for e in run.get("events") or [] if isinstance(e, dict)]
        if any(e.get("kind") == "gcf_list" for e in evs) and not any(e.get("kind") == "gcf_device" and e.get("listed") for e in evs):
            empty = next(e for e in evs if e.get("kind") == "gcf_list")
            break
    if empty is None or any(e.get("kind") == "gcf_device" and e.get("listed") for r in runs for e in r.get("events") or [] if isinstance(e, dict)):
        return []
    seen = [e for e in _ns(facts, "kernel").get("events") or [] if isinstance(e, dict) and e.get("kind") == "usb_device_ids"]
    seen += [d for d in _ns(facts, "usb").get("devices") or [] if isinstance(d, dict)]
    for dev in seen:
        vid = str(dev.get("vid") or "").lower()
        product = str(dev.get("product") or dev.get("name") or "")
        if vid == _DE_VID or re.search(r"\b(?:ConBee|RaspBee)\b", product, re.I):
            return [{"product": product or None, "vid": vid or None, "pid": dev.get("pid"), "line": dev.get("line"),
                     "lineno": dev.get("lineno"), "source": dev.get("source"), "list_line": empty.get("line")}]
    return []


# (overfit s20) OpenOCD 0.8-0.10: tcl/interface/stlink-v1.cfg, stlink-v2.cfg and stlink-v2-1.cfg each name one probe id
# (hla_vid_pid 0483:3744, 3748, 374b); src/jtag/drivers/stlink_usb.c of v0.10.0 knows no other. 0.11.0 made the three
# aliases of interface/stlink.cfg (every ST-Link: 3752 and the V3 too). That change (31c58c139, 2017-01-26) came days after
# v0.10.0: a "0.10.0+dev..." build (xPack 0.10.0-13/-14, STM32CubeIDE's, Espressif's) already opens every ST-Link, while
# "0.10.0-dev-..." was built before the release
_OLD_OPENOCD = re.compile(r"^0\.(?:[89]|10)(?:\.|$)(?!.*\+dev)")
_OLD_STLINK_CFG = (("stlink-v2-1.cfg", "374b"), ("stlink-v2.cfg", "3748"), ("stlink-v1.cfg", "3744"))
# the ids interface/stlink.cfg and stlink-dap.cfg let a release try (tcl/interface/*.cfg at v0.11.0 and v0.12.0; 0.12
# added the V3 without mass storage, 3754; 374a, 3755 and the V3PWR's 3757 are in neither)
_STLINK_CFG_IDS = (
    (re.compile(r"^0\.11\.\d+(?!.*\+dev)"), frozenset(("3744", "3748", "374b", "374d", "374e", "374f", "3752", "3753"))),
    (re.compile(r"^0\.12\.\d+(?!.*\+dev)"), frozenset(("3744", "3748", "374b", "374d", "374e", "374f", "3752", "3753", "3754"))),
)


_TRIED = "-d3"


def _stlink_ids_tried(run: dict[str, Any]) -> tuple[str, set[str]] | None:
    """(what names them, the ST-Link product ids) an OpenOCD run could try: the ids its -d3 log lists, else the ids
    its release's stlink config holds (0.8-0.10 by the interface file's name, 0.11/0.12 by stlink.cfg/stlink-dap.cfg)."""
    tried = {str(e.get("pid")).lower() for e in run.get("events") or []
             if isinstance(e, dict) and e.get("kind") == "adapter_tried" and str(e.get("vid") or "").lower() == "0483"}
    if tried:
        return _TRIED, tried
    version = str(run.get("version") or "")
    command = str(run.get("command") or "")
    if _OLD_OPENOCD.match(version):
        named = [(cfg, pid) for cfg, pid in _OLD_STLINK_CFG if cfg in command]  # ("stlink-v2.cfg" is no part of "stlink-v2-1.cfg")
        return (named[0][0], {pid for _, pid in named}) if named else None
    cfg = next((c for c in ("stlink-dap.cfg", "stlink.cfg") if c in command), None)
    ids = next((ids for pattern, ids in _STLINK_CFG_IDS if pattern.match(version)), None)
    if not cfg or not ids:
        return None
    return cfg, set(ids) - {"3744"} if cfg == "stlink-dap.cfg" else set(ids)  # the dap driver has no V1 (its config lists it all the same)


@deriver("openocd_stlink_unopenable", fields=("version", "cfg", "what", "vid", "pid", "line", "lineno", "source"))
def openocd_stlink_unopenable(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """An OpenOCD run whose ST-Link list (its -d3 "stlink_usb_open(): ... vid: pid:" lines, else its release's stlink
    config: 0.8-0.10's stlink-v1/v2/v2-1.cfg, 0.11/0.12's stlink.cfg) holds none of the ST-Links the pasted listing
    shows (lsusb), and that said "open failed": the config (or this OpenOCD's age, for 3752, the V3s, 3754 before
    0.12) is why, not the probe's permissions (SWD001 rather than USB004)."""
    probes = [d for d in _ns(facts, "usb").get("devices") or [] if isinstance(d, dict) and d.get("role") == "stlink"]
    if not probes:
        return []
    present = {str(d.get("pid")).lower() for d in probes}
    out: list[dict[str, Any]] = []
    for run in _ns(facts, "openocd").get("runs") or []:
        if not isinstance(run, dict):
            continue
        known = _stlink_ids_tried(run)
        if known is None or present & known[1]:
            continue
        failed = next((e for e in run.get("events") or [] if isinstance(e, dict) and e.get("kind") == "adapter_open_failed"), None)
        if failed is None:
            continue
        version = str(run.get("version") or "").strip()
        who = f"OpenOCD {version}'s" if version else "This OpenOCD run's"
        what = f"{who} list of ids to try (its -d3 log)" if known[0] == _TRIED else f"{who} interface/{known[0]}"
        out.append({"version": run.get("version"), "cfg": None if known[0] == _TRIED else known[0], "what": what, "vid": "0483",
                    "pid": sorted(present)[0],
                    "line": failed.get("line"), "lineno": failed.get("lineno"), "source": failed.get("source") or run.get("source")})
    return out


# (swd s25) OpenOCD src/jtag/drivers/stlink_usb.c 0.11-master: the DAP-direct driver needs STLINK_F_HAS_DAP_REG, which
# stlink_usb_version() sets for an ST-Link/V2 from firmware J24 on and for every V3; a V1, or a V2 before J24, speaks
# only the old high-level API (hla). Master's interface/stlink.cfg takes the st-link driver and auto-selects dapdirect.
_STLINK_V2_JTAG = re.compile(r"^V(?:1J\d+|2J(\d+))", re.IGNORECASE)  # (review s25) a V1 ("V1J13S0") never has it
_DAPDIRECT = re.compile(r"dapdirect", re.IGNORECASE)


@deriver("openocd_stlink_hla_only", fields=("version", "transport", "line", "lineno", "source"))
def openocd_stlink_hla_only(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """An OpenOCD run that auto-selected the ST-Link's DAP-direct transport ("dapdirect_swd", "swd (dapdirect)") with an
    ST-Link whose firmware it printed as V2J<24 ("STLINK V2J17S4 (API v2)"): that firmware has no DAP register API, so
    the session cannot work whatever the target; the run's own refusal line, where printed, is read on its own
    (probe_firmware_old, transport_unsupported).
    (review s25) A block may hold several invocations (a V3 on dapdirect, then the old V2 on hla_swd): each probe line is
    paired with the transport line of its own invocation, the last one before it (OpenOCD prints the transport at config
    time, before it opens the probe), else, in a reply that quoted the probe first, the first one after it."""
    out: list[dict[str, Any]] = []
    for run in _ns(facts, "openocd").get("runs") or []:
        if not isinstance(run, dict):
            continue
        events = [e for e in run.get("events") or [] if isinstance(e, dict)]
        if not any(e.get("kind") == "transport_selected" and _DAPDIRECT.search(str(e.get("transport") or "")) for e in events):
            continue
        first = next(e for e in events if e.get("kind") == "transport_selected")
        last: dict[str, Any] | None = None  # the latest transport line read so far
        for e in events:  # the run's events in the order they were read (a run-on line's pieces too)
            if e.get("kind") == "transport_selected":
                last = e
            if e.get("kind") != "adapter_found" or e.get("adapter") != "stlink":
                continue
            m = _STLINK_V2_JTAG.match(str(e.get("version") or ""))
            if not m or (m.group(1) is not None and int(m.group(1)) >= 24):
                continue
            chosen = last if last is not None else first  # none before it: the first one after it
            if _DAPDIRECT.search(str(chosen.get("transport") or "")):
                out.append({"version": e.get("version"), "transport": chosen.get("transport"), "line": e.get("line"),
                            "lineno": e.get("lineno"), "source": e.get("source") or run.get("source")})
                break
    return out


@deriver("samba_after_bossac", fields=("line", "lineno", "source", "origin", "klipper"), uses=("usb_seen",))
def samba_after_bossac(facts: dict[str, Any], seen: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """(review s21, BOOT009) the SAM3/SAM4 ROM's SAM-BA monitor (03eb:6124: lsusb, the kernel, a by-id name said in prose) seen
    after a bossac run that wrote or verified an image and printed no "Set boot flash true": the chip still starts its ROM.
    Only a sighting after the run's last line counts (the same text, a higher line number, or the live bus): the by-id
    listing that found the port before flashing, and the run's own FLASH_DEVICE/-p lines, name the monitor that was flashed
    through. `klipper`: the run came from Klipper's make flash, whose flash_usb.py sets boot-from-flash in a second, silent
    `bossac -b -R` call (its "Set boot flash" never printed)."""
    if seen is None:
        seen = usb_seen(facts)
    runs = _ns(facts, "flash").get("runs") or []
    sightings = [d for d in seen if isinstance(d, dict) and d.get("role") == "sam-ba"]
    for run in _ns(facts, "claims").get("runs") or []:
        if isinstance(run, dict):
            sightings += [e for e in run.get("events") or [] if isinstance(e, dict) and e.get("kind") == "said_samba_name"]
    out: list[dict[str, Any]] = []
    for run in runs:
        if not isinstance(run, dict) or run.get("tool") != "bossac":
            continue
        events = [e for e in run.get("events") or [] if isinstance(e, dict)]
        if not any(e.get("kind") in ("flash_verified", "flash_written") for e in events):
            continue
        if any(e.get("kind") == "boot_flash_set" and e.get("value") == "true" for e in events):
            continue
        source = run.get("source")
        last = max((e["lineno"] for e in events if isinstance(e.get("lineno"), int)), default=None)
        klipper = any("lib/bossac/" in str(e.get("line") or "") for e in events) or any(
            isinstance(r, dict) and r.get("tool") == "make-flash" and r.get("source") == source for r in runs)
        for s in sightings:
            live = s.get("origin") not in (None, "pasted")
            after = (s.get("source") == source and isinstance(last, int) and isinstance(s.get("lineno"), int) and s["lineno"] > last)
            if live or after:
                out.append({"line": s.get("line"), "lineno": s.get("lineno"), "source": s.get("source"), "origin": s.get("origin"),
                            "klipper": klipper})
                break
    return out


# (review s21, BOOT009) Klipper's serial names carry the MCU's chip ("usb-Klipper_stm32f446xx_...", "usb-katapult_rp2040_..."):
# the ROM bootloader a chip falls back to is its own (RP2040 -> 2e8a:0003, RP2350 -> 2e8a:000f, SAM3/SAM4 -> SAM-BA 03eb:6124),
# so an STM32 that Klipper cannot reach is not explained by an RP2040 (a toolhead board, on purpose) waiting in BOOTSEL
_SERIAL_CHIP = re.compile(r"usb-(?:Klipper|katapult|CanBoot)_([a-z0-9]+)", re.IGNORECASE)
_CHIP_ROM_ROLE = (("rp2040", "rp2040-bootsel"), ("rp2350", "rp2350-bootsel"), ("sam3", "sam-ba"), ("sam4", "sam-ba"))
_FAILING_MCU_KINDS = ("mcu_unable_to_connect", "serial_no_such_port", "mcu_connect_timeout")


@deriver("klipper_rom_other_mcu", uses=("usb_seen",))
def klipper_rom_other_mcu(facts: dict[str, Any], seen: list[dict[str, Any]] | None = None) -> bool:
    """True when printer.cfg names the serial of every MCU Klipper cannot reach, each serial names its chip, and no ROM
    bootloader device that was seen (`usb_seen`, not live) belongs to one of those chips."""
    kl = facts.get("klipper") or {}
    cfg = (kl.get("printer_cfg") or {}).get("mcus") or []
    serial_of = {str(m.get("name") or "").lower(): m.get("serial") for m in cfg if m.get("serial")}
    chips: list[str] = []
    for ev in (kl.get("log") or {}).get("events") or []:
        if ev.get("kind") not in _FAILING_MCU_KINDS:
            continue
        path = ev.get("port") or ev.get("path") or serial_of.get(str(ev.get("name") or "").lower())
        m = _SERIAL_CHIP.search(str(path or ""))
        if not m:
            return False  # a failing MCU whose chip is not known: no verdict
        chips.append(m.group(1).lower())
    if not chips:
        return False
    wanted = {role for c in chips for prefix, role in _CHIP_ROM_ROLE if c.startswith(prefix)}
    roms = [d for d in (seen if seen is not None else usb_seen(facts)) or []
            if d.get("origin") != "live" and d.get("role") in ("rp2040-bootsel", "rp2350-bootsel", "sam-ba")]
    return bool(roms) and not any(d.get("role") in wanted for d in roms)
