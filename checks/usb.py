"""The usb probe: every USB device on this host, what it is, and whether this user may open it.

Sources: pyudev for the sysfs attributes and udev properties (ids, strings, bus position, speed, the
drivers bound to the interfaces, the ttys and network interfaces below the device) and for the raw
descriptors the kernel keeps in sysfs (`descriptors`: every interface and alternate setting, the DFU
functional descriptor), which this module parses itself, exactly as libusb does on Linux; pyusb
(libusb 1.0) enumerates a device whose sysfs lacks them. The DfuSe name of the current alternate
setting (sysfs `interface`) is parsed into a memory map. `can_open` is access(2) on the device node
for read and write, which is exactly what libusb needs; nothing is guessed from udev rule files.

Passive: nothing is sent to any device (the names of the other DfuSe alternate settings need USB
transfers; `dfu-util -l`, the active dfu probe, reads them). pyusb is imported only when needed.
Contract: collect() returns {"usb": {"status", "devices": [USB_DEVICE...], ...}} and never raises for
a missing library or a host without USB; those are `status: unavailable` with the reason.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from functools import lru_cache
from typing import Any

from doctor import devices as devtable

NAMESPACE = "usb"
ACTIVE = False
TIMEOUT = 5.0

SYS_BUS_USB = "/sys/bus/usb"

SPEEDS = {"1.5": "low", "12": "full", "480": "high", "5000": "super", "10000": "super+", "20000": "super+"}

_DFUSE_NAME = re.compile(r"^@(?P<name>[^/]*?)\s*/(?P<rest>.*)$")
_DFUSE_SECTORS = re.compile(r"(\d+)\*(\d+)\s*([KMB ]?)([a-g])", re.IGNORECASE)
_DFU_FUNCTIONAL = 0x21
_CONTEXT_LOCK = threading.Lock()


def parse_dfuse_name(alt: int, text: str) -> list[dict[str, Any]]:
    """DfuSe memory layout of one alternate-setting name.

    "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg" -> one region per address, each with
    name, start, size (bytes) and sectors [{count, size, flags}]. A name that is not DfuSe -> [].
    """
    m = _DFUSE_NAME.match(text.strip())
    if not m:
        return []
    regions: list[dict[str, Any]] = []
    parts = m.group("rest").split("/")
    for i in range(0, len(parts) - 1, 2):
        addr_text, spec = parts[i].strip(), parts[i + 1]
        try:
            start = int(addr_text, 16)
        except ValueError:
            return regions
        sectors = []
        total = 0
        for count, size, unit, flags in _DFUSE_SECTORS.findall(spec):
            scale = {"K": 1024, "M": 1024 * 1024}.get(unit.upper(), 1)
            n, s = int(count), int(size) * scale
            sectors.append({"count": n, "size": s, "flags": flags})
            total += n * s
        regions.append({"alt": alt, "name": m.group("name").strip(), "start": start, "size": total, "sectors": sectors})
    return regions


def parse_dfu_functional(extra: bytes) -> dict[str, Any] | None:
    """The DFU functional descriptor (type 0x21) among an interface's class-specific descriptors."""
    i = 0
    while i + 2 <= len(extra):
        length, dtype = extra[i], extra[i + 1]
        if length < 2:
            return None
        if dtype == _DFU_FUNCTIONAL and length >= 7 and i + 7 <= len(extra):
            d = extra[i : i + length]
            fact: dict[str, Any] = {
                "attributes": d[2],
                "detach_timeout": d[3] | d[4] << 8,
                "transfer_size": d[5] | d[6] << 8,
            }
            if length >= 9 and len(d) >= 9:
                fact["version"] = f"{d[7] | d[8] << 8:04x}"
            return fact
        i += length
    return None


def _text(device: Any, name: str) -> str | None:
    value = device.attributes.get(name)
    if value is None:
        return None
    text = value.decode("utf-8", "replace").strip() if isinstance(value, bytes) else str(value).strip()
    return text or None


def _int(text: str | None, base: int = 10) -> int | None:
    try:
        return int(text, base) if text is not None else None
    except ValueError:
        return None


def _read_binary(path: str) -> bytes:
    """A binary sysfs attribute, read whole (libudev's attribute API stops at the first NUL byte)."""
    try:
        with open(path, "rb") as f:
            return f.read(65536)
    except OSError:
        return b""


def _driver(device: Any) -> str | None:
    return device.driver or device.properties.get("DRIVER") or None


@lru_cache(maxsize=64)
def user_name(uid: int) -> str:
    """The name of a uid (its number when it has none); cached: each lookup reads the user database."""
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


@lru_cache(maxsize=64)
def group_name(gid: int) -> str:
    import grp

    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _node_facts(devnode: str) -> dict[str, Any]:
    """Owner, group, mode of the node and whether this user may open it read-write (access(2))."""
    try:
        st = os.stat(devnode)
    except OSError:
        return {"can_open": False}
    return {
        "can_open": os.access(devnode, os.R_OK | os.W_OK),
        "node_mode": f"{stat.S_IMODE(st.st_mode):04o}",
        "node_owner": user_name(st.st_uid),
        "node_group": group_name(st.st_gid),
    }


def _find_libusb(name: str) -> str | None:
    """The libusb 1.0 shared object: its usual soname, else what ctypes finds."""
    import ctypes
    import ctypes.util

    for candidate in ("libusb-1.0.so.0", "libusb-1.0.so"):
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return candidate
    return ctypes.util.find_library(name)


def _usb_descriptors() -> tuple[dict[tuple[int, int], Any], str | None]:
    """pyusb devices by (bus, address), or the reason pyusb cannot enumerate."""
    try:
        import usb.backend.libusb1
        import usb.core
    except ImportError as exc:
        return {}, f"pyusb is not installed ({exc}); interfaces come from sysfs only: pip install pyusb"
    try:
        # libusb 1.0 only: the legacy libusb 0.1 backend opens every device node read-write to enumerate,
        # which a passive probe must not do. Naming the library skips ctypes' ldconfig subprocess.
        backend = usb.backend.libusb1.get_backend(find_library=_find_libusb)
        if backend is None:
            return {}, "libusb 1.0 could not be loaded or initialised (apt install libusb-1.0-0); interfaces come from sysfs only"
        found = usb.core.find(find_all=True, backend=backend)
        return {(int(d.bus), int(d.address)): d for d in found}, None
    except Exception as exc:  # noqa: BLE001 - no libusb backend, permission on /dev/bus/usb... is a fact
        return {}, f"pyusb could not enumerate ({type(exc).__name__}: {exc}); interfaces come from sysfs only"


def parse_descriptors(blob: bytes) -> tuple[list[dict[str, Any]], list[tuple[int, int, int]], dict[str, Any] | None] | None:
    """The kernel's sysfs `descriptors` file (device descriptor, then each configuration with its interfaces,
    endpoints and class-specific descriptors) -> the same as _interfaces_from_pyusb, for the first
    configuration; None when the blob is not a device descriptor."""
    if len(blob) < 18 or blob[0] < 18 or blob[1] != 0x01:
        return None
    interfaces: list[dict[str, Any]] = []
    dfu_alts: list[tuple[int, int, int]] = []
    functional = None
    extra: dict[int, bytearray] = {}  # class-specific descriptors following each interface descriptor
    i = blob[0]
    configs = 0
    current = -1
    while i + 2 <= len(blob):
        length, dtype = blob[i], blob[i + 1]
        if length < 2 or i + length > len(blob):
            break
        if dtype == 0x02:
            configs += 1
            if configs > 1:
                break  # the first configuration is the one Linux selects for these devices
        elif dtype == 0x04 and length >= 9:
            d = blob[i : i + length]
            interfaces.append({"number": d[2], "alt": d[3], "class": f"{d[5]:02x}", "subclass": f"{d[6]:02x}", "protocol": f"{d[7]:02x}", "_i": d[8]})
            current = len(interfaces) - 1
            extra[current] = bytearray()
        elif dtype != 0x05 and current >= 0:
            extra[current] += blob[i : i + length]
        i += length
    for n, entry in enumerate(interfaces):
        index = entry.pop("_i")
        if (entry["class"], entry["subclass"]) == ("fe", "01"):
            parsed = parse_dfu_functional(bytes(extra.get(n, b"")))
            if parsed and functional is None:
                functional = parsed
            if entry["protocol"] == "02":
                dfu_alts.append((entry["number"], entry["alt"], index))
    return interfaces, dfu_alts, functional


def _interfaces_from_pyusb(dev: Any) -> tuple[list[dict[str, Any]], list[tuple[int, int, int]], dict[str, Any] | None]:
    """(interfaces, [(number, alt, iInterface) of DFU-mode alts], DFU functional descriptor)."""
    interfaces: list[dict[str, Any]] = []
    dfu_alts: list[tuple[int, int, int]] = []
    functional = None
    for cfg in dev:
        for intf in cfg:
            entry: dict[str, Any] = {
                "number": int(intf.bInterfaceNumber),
                "alt": int(intf.bAlternateSetting),
                "class": f"{intf.bInterfaceClass:02x}",
                "subclass": f"{intf.bInterfaceSubClass:02x}",
                "protocol": f"{intf.bInterfaceProtocol:02x}",
            }
            interfaces.append(entry)
            if intf.bInterfaceClass == 0xFE and intf.bInterfaceSubClass == 0x01:
                parsed = parse_dfu_functional(bytes(intf.extra_descriptors or b""))
                if parsed and functional is None:
                    functional = parsed
                if intf.bInterfaceProtocol == 0x02:
                    dfu_alts.append((int(intf.bInterfaceNumber), int(intf.bAlternateSetting), int(intf.iInterface)))
        break  # the first configuration is the one Linux selects for these devices
    return interfaces, dfu_alts, functional


def _interface_number(sys_name: str) -> int:
    """ "1-1.2:1.3" -> 3 (the kernel names an interface bus-port:config.interface)."""
    try:
        return int(sys_name.rsplit(".", 1)[-1])
    except ValueError:
        return -1


def parse_device_descriptor(blob: bytes) -> dict[str, str] | None:
    """vid, pid, bcd_device, device_class (lower-case hex) from the device descriptor that starts `blob`."""
    if len(blob) < 18 or blob[1] != 0x01:
        return None
    return {
        "vid": f"{blob[8] | blob[9] << 8:04x}",
        "pid": f"{blob[10] | blob[11] << 8:04x}",
        "bcd_device": f"{blob[12] | blob[13] << 8:04x}",
        "device_class": f"{blob[4]:02x}",
    }


def _sysfs_text(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            text = f.read(4096).decode("utf-8", "replace").strip()
    except OSError:
        return None
    return text or None


def _sysfs_driver(path: str) -> str | None:
    """The driver bound to the sysfs device at `path`: its `driver` link, else DRIVER= in its uevent."""
    try:
        return os.path.basename(os.readlink(os.path.join(path, "driver")))
    except OSError:
        pass
    for line in (_sysfs_text(os.path.join(path, "uevent")) or "").splitlines():
        if line.startswith("DRIVER="):
            return line[7:] or None
    return None


_INTERFACE_DIR = re.compile(r"^\d+-[\d.]+:\d+\.\d+$")


def _interface_dirs(dev_path: str, dev_name: str) -> list[tuple[int, str]]:
    """(interface number, sysfs path) of a USB device's interfaces: its sub-directories named
    "<bus>-<ports>:<config>.<interface>" (a root hub "usb1" has "1-0:1.0")."""
    try:
        names = [e.name for e in os.scandir(dev_path) if _INTERFACE_DIR.match(e.name)]
    except OSError:
        return []
    return sorted((_interface_number(n), os.path.join(dev_path, n)) for n in names)


def _below_interface(path: str) -> tuple[list[str], list[str]]:
    """(tty device nodes, network interfaces) a driver created below an interface.

    cdc_acm: <intf>/tty/ttyACM0; usb-serial drivers: <intf>/ttyUSB0/tty/ttyUSB0; gs_usb: <intf>/net/can0."""
    ttys: list[str] = []
    nets: list[str] = []
    try:
        entries = [e for e in os.scandir(path) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return ttys, nets
    for e in entries:
        try:
            if e.name == "tty":
                ttys += [f"/dev/{n}" for n in os.listdir(e.path)]
            elif e.name == "net":
                nets += os.listdir(e.path)
            elif os.path.isdir(os.path.join(e.path, "tty")):
                ttys += [f"/dev/{n}" for n in os.listdir(os.path.join(e.path, "tty"))]
        except OSError:
            continue
    return ttys, nets


def _interfaces_from_sysfs(paths: list[str]) -> list[dict[str, Any]]:
    out = []
    for path in paths:
        out.append(
            {
                "number": _int(_sysfs_text(os.path.join(path, "bInterfaceNumber")), 16) or 0,
                "alt": _int(_sysfs_text(os.path.join(path, "bAlternateSetting"))) or 0,
                "class": _sysfs_text(os.path.join(path, "bInterfaceClass")) or "",
                "subclass": _sysfs_text(os.path.join(path, "bInterfaceSubClass")) or "",
                "protocol": _sysfs_text(os.path.join(path, "bInterfaceProtocol")) or "",
            }
        )
    return out


def _port_key(port_path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", port_path))


def udev_context() -> Any:
    """A new pyudev Context (libudev contexts are not shared between threads), created without the
    `ldconfig -p` subprocess ctypes.util.find_library runs to locate libudev (~10 ms per context)."""
    import ctypes

    import pyudev

    try:
        from pyudev._ctypeslib import utils as ctypes_utils  # pyudev's loader (an internal: used only if present)
    except ImportError:
        return pyudev.Context()
    if not hasattr(ctypes_utils, "find_library"):
        return pyudev.Context()
    with _CONTEXT_LOCK:
        original = ctypes_utils.find_library

        def find_library(name: str) -> str | None:
            if name == "udev":
                try:
                    ctypes.CDLL("libudev.so.1")
                    return "libudev.so.1"
                except OSError:
                    pass
            return original(name)

        ctypes_utils.find_library = find_library
        try:
            return pyudev.Context()
        finally:
            ctypes_utils.find_library = original


def collect(ctx: Any = None) -> dict[str, Any]:
    """{"usb": {...}}: see the module docstring."""
    if not os.path.isdir(SYS_BUS_USB):
        return {NAMESPACE: {"status": "unavailable", "reason": f"{SYS_BUS_USB} does not exist: this system (or container) shows no USB bus", "devices": []}}
    try:
        import pyudev  # noqa: F401
    except ImportError as exc:
        return {NAMESPACE: {"status": "unavailable", "reason": f"pyudev is not installed ({exc}): pip install pyudev", "devices": []}}
    context = udev_context()
    by_address: dict[tuple[int, int], Any] | None = None  # pyusb's devices, enumerated only when needed
    pyusb_reason = None
    out: list[dict[str, Any]] = []
    for d in context.list_devices(subsystem="usb", DEVTYPE="usb_device"):
        # Few reads per device (each is a file in sysfs): the ids and class come from the descriptors,
        # the interfaces and what hangs below them from the directory tree.
        sys_path, port_path = d.sys_path, d.sys_name
        blob = _read_binary(os.path.join(sys_path, "descriptors"))
        ids = parse_device_descriptor(blob) or {
            "vid": (_text(d, "idVendor") or "").lower(),
            "pid": (_text(d, "idProduct") or "").lower(),
            "bcd_device": (_text(d, "bcdDevice") or "").lower(),
            "device_class": (_text(d, "bDeviceClass") or "").lower(),
        }
        vid, pid = ids["vid"], ids["pid"]
        props = d.properties
        bus = _int(props.get("BUSNUM")) or _int(_text(d, "busnum"))
        address = _int(props.get("DEVNUM")) or _int(_text(d, "devnum"))
        children = dict(_interface_dirs(sys_path, port_path))
        fact: dict[str, Any] = {"vid": vid, "pid": pid}
        if ids["bcd_device"]:
            fact["bcd_device"] = ids["bcd_device"]
        for key in ("manufacturer", "product", "serial"):
            value = _text(d, key)
            if value is not None:
                fact[key] = value
        fact.update({"bus": bus, "address": address, "port_path": port_path, "sysfs_path": sys_path})
        speed = _text(d, "speed")
        if speed:
            fact["speed"] = SPEEDS.get(speed, f"{speed}M")
        fact["device_class"] = ids["device_class"]
        dfu_alts: list[tuple[int, int, int]] = []
        functional = None
        parsed = parse_descriptors(blob)
        if parsed is None and by_address is None:
            by_address, pyusb_reason = _usb_descriptors()
        pdev = by_address.get((bus, address)) if parsed is None and by_address and bus is not None and address is not None else None
        if parsed is not None:
            intfs, dfu_alts, functional = parsed
        elif pdev is not None:
            intfs, dfu_alts, functional = _interfaces_from_pyusb(pdev)
        else:
            intfs = _interfaces_from_sysfs(list(children.values()))
            dfu_alts = [(e["number"], e["alt"], 0) for e in intfs if (e["class"], e["subclass"], e["protocol"]) == ("fe", "01", "02")]
        ttys: list[str] = []
        netdevs: list[str] = []
        for number, path in children.items():
            drv = _sysfs_driver(path)
            name = None
            for entry in intfs:
                if entry["number"] != number:
                    continue
                if drv:
                    entry["driver"] = drv
                if entry["alt"] == 0 and entry["class"] == "fe":  # DfuSe names its memory here
                    name = name or _sysfs_text(os.path.join(path, "interface"))
                    if name:
                        entry["name"] = name
            below = _below_interface(path)
            ttys += below[0]
            netdevs += below[1]
        fact["interfaces"] = intfs
        driver = next((e["driver"] for e in intfs if e.get("driver")), None) or _driver(d)
        if driver:
            fact["driver"] = driver
        devnode = d.device_node or (f"/dev/bus/usb/{bus:03d}/{address:03d}" if bus and address else None)
        if devnode:
            fact["devnode"] = devnode
            fact.update(_node_facts(devnode))
        else:
            fact["can_open"] = False
        if dfu_alts or functional:
            fact["dfu"] = _dfu_fact(dfu_alts, functional, intfs)
        role = devtable.classify(
            vid or "0000",
            pid or "0000",
            fact.get("manufacturer"),
            fact.get("product"),
            fact.get("bcd_device"),
            device_class=fact["device_class"],
            interface_classes=[(e["class"], e["subclass"], e["protocol"]) for e in intfs],
        )
        fact.update(role.to_fact())
        fact["ttys"] = sorted(ttys)
        fact["netdevs"] = sorted(netdevs)
        fact["hub_path"] = "." in port_path.partition("-")[2]
        fact["origin"] = "live"
        out.append(fact)
    out.sort(key=lambda f: (f.get("bus") or 0, _port_key(f.get("port_path") or "")))
    result: dict[str, Any] = {"status": "ok", "origin": "live", "devices": out}
    if pyusb_reason:
        result["reason"] = pyusb_reason
    return {NAMESPACE: result}


def _dfu_fact(dfu_alts: list[tuple[int, int, int]], functional: dict[str, Any] | None, intfs: list[dict[str, Any]]) -> dict[str, Any]:
    """The DFU functional descriptor plus the DfuSe names sysfs holds, parsed into memory regions."""
    fact: dict[str, Any] = dict(functional or {})
    alt_names: list[str] = []
    memory: list[dict[str, Any]] = []
    for number, alt, _index in dfu_alts:
        name = next((e.get("name") for e in intfs if e["number"] == number and e["alt"] == alt and e.get("name")), None)
        if name is None:
            continue
        alt_names.append(name)
        memory.extend(parse_dfuse_name(alt, name))
    fact["alt_names"] = alt_names
    if memory:
        fact["memory"] = memory
    return fact
