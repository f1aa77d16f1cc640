"""The device table: what a USB device is for doctor, from its VID:PID, strings and bcdDevice.

The data is knowledge/devices.toml (read with importlib.resources); this module only looks it up.
`classify()` never fails: an id the table does not know is a hub (class 09), a generic DFU
bootloader (a DFU-mode interface) or "unknown".
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

KINDS = ("app", "bootloader", "probe", "usb-serial", "isp", "can-adapter", "hub", "other")

# Roles whose firmware puts the MCU name into iProduct (Klipper and Katapult: CONFIG_MCU).
_MCU_IN_PRODUCT = {"klipper", "katapult", "klipper-can-bridge"}
_MCU_NAME = re.compile(r"^[a-z][a-z0-9_]{2,31}$")


@dataclass(frozen=True)
class Role:
    """What a device is: `role` is a key of the roles table, `name` the specific device's name."""

    role: str
    name: str
    kind: str
    raw_access: bool
    mcu: str | None = None

    def to_fact(self) -> dict[str, Any]:
        fact: dict[str, Any] = {"role": self.role, "role_name": self.name, "kind": self.kind, "raw_access": self.raw_access}
        if self.mcu:
            fact["mcu"] = self.mcu
        return fact


@dataclass(frozen=True)
class _Table:
    roles: dict[str, dict[str, Any]]
    devices: dict[str, dict[str, Any]]  # "vid:pid" (pid may be "*") -> row
    collisions: dict[str, list[dict[str, Any]]]  # "vid:pid" -> rows, in file order
    fallbacks: list[dict[str, Any]]


class DeviceTableError(Exception):
    """knowledge/devices.toml is malformed (raised when it is loaded; the test suite loads it)."""


def _read() -> dict[str, Any]:
    """The parsed table (through the knowledge base's JSON cache of parsed TOML: start-up time)."""
    from doctor.knowledge import parse_toml_files

    text = importlib.resources.files("doctor.knowledge").joinpath("devices.toml").read_text(encoding="utf-8")
    return parse_toml_files([("devices.toml", text)], kind="devices")[0][1]


@lru_cache(maxsize=1)
def table() -> _Table:
    """The parsed and checked table (cached)."""
    data = _read()
    roles: dict[str, dict[str, Any]] = data.get("roles", {})
    for key, role in roles.items():
        if role.get("kind") not in KINDS or not isinstance(role.get("raw_access"), bool) or not role.get("name") or not isinstance(role.get("tty", False), bool):
            raise DeviceTableError(f"devices.toml: role {key!r} needs a name, a kind of {KINDS} and raw_access")
        if "programmer" in role and not (isinstance(role["programmer"], str) and re.fullmatch(r"[a-z0-9_]+", role["programmer"])):
            raise DeviceTableError(f"devices.toml: role {key!r} programmer must be a programmer name, not {role['programmer']!r}")
        names = role.get("backends", [])
        if not isinstance(names, list) or not all(isinstance(b, str) and re.fullmatch(r"[a-z0-9_-]+", b) for b in names):
            # that each is a declared backend (a driver module's DRIVER) is tests/test_backends.py's check
            raise DeviceTableError(f"devices.toml: role {key!r} backends must be a list of backend names, not {names!r}")
    devices: dict[str, dict[str, Any]] = {}
    for row in data.get("devices", []):
        ident = row.get("id", "")
        if not re.fullmatch(r"[0-9a-f]{4}:([0-9a-f]{4}|\*)", ident):
            raise DeviceTableError(f"devices.toml: {ident!r} is not a lower-case vid:pid")
        if ident in devices:
            raise DeviceTableError(f"devices.toml: {ident} is listed twice (put the second meaning in collisions)")
        if row.get("role") not in roles:
            raise DeviceTableError(f"devices.toml: {ident} names an unknown role {row.get('role')!r}")
        devices[ident] = row
    collisions: dict[str, list[dict[str, Any]]] = {}
    for row in data.get("collisions", []):
        if row.get("id") not in devices or row.get("role") not in roles:
            raise DeviceTableError(f"devices.toml: collision {row} must name a listed id and a known role")
        if not any(k in row for k in ("manufacturer", "product", "bcd_device")):
            raise DeviceTableError(f"devices.toml: collision {row} has no test")
        collisions.setdefault(row["id"], []).append(row)
    fallbacks = list(data.get("fallbacks", []))
    for row in fallbacks:
        if row.get("role") not in roles:
            raise DeviceTableError(f"devices.toml: fallback {row} names an unknown role")
    return _Table(roles, devices, collisions, fallbacks)


def _matches(row: dict[str, Any], manufacturer: str | None, product: str | None, bcd_device: str | None) -> bool:
    for key, value in (("manufacturer", manufacturer), ("product", product)):
        if key in row and (value is None or re.search(row[key], value, re.IGNORECASE) is None):
            return False
    if "bcd_device" in row and (bcd_device or "").lower().zfill(4) != row["bcd_device"]:
        return False
    return True


def _role(row: dict[str, Any], mcu: str | None) -> Role:
    role = table().roles[row["role"]]
    return Role(row["role"], row.get("name") or role["name"], role["kind"], role["raw_access"], row.get("mcu") or mcu)


def mcu_from_product(role: str, product: str | None) -> str | None:
    """Klipper and Katapult name the MCU in iProduct (e.g. "stm32h723xx", "rp2040")."""
    if role in _MCU_IN_PRODUCT and product:
        name = product.strip().lower()
        if _MCU_NAME.match(name):
            return name
    return None


def classify(
    vid: str,
    pid: str,
    manufacturer: str | None = None,
    product: str | None = None,
    bcd_device: str | None = None,
    *,
    device_class: str | None = None,
    interface_classes: Iterable[tuple[str, str, str]] = (),
) -> Role:
    """The role of a device. vid/pid: 4 hex digits; interface_classes: (class, subclass, protocol) hex pairs."""
    vid, pid = vid.lower().zfill(4), pid.lower().zfill(4)
    t = table()
    ident = f"{vid}:{pid}"
    row = t.devices.get(ident) or t.devices.get(f"{vid}:*")
    if row is not None:
        for alt in t.collisions.get(row["id"], []):
            if _matches(alt, manufacturer, product, bcd_device):
                return _role(alt, mcu_from_product(alt["role"], product) or row.get("mcu"))
        return _role(row, mcu_from_product(row["role"], product))
    for alt in t.fallbacks:
        if _matches(alt, manufacturer, product, bcd_device):
            return _role(alt, mcu_from_product(alt["role"], product))
    if (device_class or "").lower() == "09":
        return _role({"role": "hub"}, None)
    if any((c.lower(), s.lower(), p.lower()) == ("fe", "01", "02") for c, s, p in interface_classes):
        return _role({"role": "dfu"}, None)
    return Role("unknown", "", "other", False)


def backends(role: str | None) -> tuple[str, ...]:
    """The flash backends that can write to a device of this role, the usual one first (devices.toml)."""
    row = table().roles.get(str(role)) if role else None
    return tuple((row or {}).get("backends") or ())


def programmer(role: str | None) -> str | None:
    """The AVR programmer that drives a device of this role (devices.toml `programmer`), or None."""
    row = table().roles.get(str(role)) if role else None
    value = (row or {}).get("programmer")
    return str(value) if value else None


def roles_for(backend: str, *, raw_access: bool | None = None) -> tuple[str, ...]:
    """The roles a backend serves (optionally only those whose devices the tool opens through libusb)."""
    return tuple(
        name for name, row in table().roles.items()
        if backend in (row.get("backends") or ()) and (raw_access is None or bool(row.get("raw_access")) == raw_access)
    )


def tty_roles() -> tuple[str, ...]:
    """The roles whose devices show up as a serial port (`tty = true`)."""
    return tuple(name for name, row in table().roles.items() if row.get("tty"))


def ids_of(roles: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The vid:pid ids the table gives these roles (file order)."""
    wanted = set(roles)
    return tuple(ident for ident, row in table().devices.items() if row.get("role") in wanted and not ident.endswith("*"))


def roles_of_kind(kind: str) -> tuple[str, ...]:
    """Every role of this kind (bootloader, probe, isp, app, usb-serial, can-adapter, hub, other)."""
    return tuple(name for name, row in table().roles.items() if row.get("kind") == kind)


def known_ids() -> list[str]:
    """Every vid:pid of the table, sorted (udev rule writers and tests use it)."""
    return sorted(table().devices)
