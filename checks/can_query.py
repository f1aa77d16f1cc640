"""Active probe: Klipper/Katapult CAN UUID query on every CAN interface that is up (python-can).

The query is the one Klipper's canbus_query.py sends: admin frame [0x00] to 0x3f0, then 1 s of
listening on 0x3f1 for [0x20, uuid(6), app] answers (app 0x01 Klipper, 0x11 Katapult). Only nodes
without an assigned id answer, so a node that a running Klipper has claimed stays silent: every
`canbus_uuid` of printer.cfg that did not answer while the klipper service is active is reported as
claimed. The probe prints canbus_query.py's own lines and parses them with its parser, so a live
query and a pasted one give the same facts.

Facts: `can.queries[]` (tool canbus_query, `found`, `interface`, origin live), `can.nodes[]` (uuid,
application, interface; `claimed` true for configured nodes held by the running Klipper).
The python-can backend is socketcan; DOCTOR_CAN_BUS_INTERFACE=virtual selects python-can's virtual
bus (tests and benchmarks: this machine's kernel has no CAN).
"""

from __future__ import annotations

import time
from typing import Any

from doctor.protocols.transport import CAN_ADMIN_ID as ADMIN_ID  # Klipper's CAN admin protocol, written once
from doctor.protocols.transport import CAN_ADMIN_REPLY_ID as ADMIN_RESP_ID
from doctor.protocols.transport import CAN_APP_KATAPULT, CAN_APP_KLIPPER
from doctor.protocols.transport import CAN_QUERY_UNASSIGNED as CMD_QUERY_UNASSIGNED
from doctor.protocols.transport import CAN_RESP_NEED_NODEID as RESP_NEED_NODEID
from doctor.protocols.transport import can_admin, open_can_bus

NAMESPACE = "can"
ACTIVE = True
TIMEOUT = 2.5
LISTEN = 1.0

APPLICATIONS = {CAN_APP_KLIPPER: "Klipper", CAN_APP_KATAPULT: "Katapult"}


def query_bus(channel: str, interface: str | None = None) -> tuple[Any, str | None]:
    """A bus on `channel` that hears only the admin replies: (the bus, None), or (None, the error text)."""
    try:
        import can
    except ImportError as exc:
        return None, f"python-can is not installed ({exc}): pip install python-can"
    try:
        return open_can_bus(channel, interface=interface, wrap_errors=False, can_filters=[{"can_id": ADMIN_RESP_ID, "can_mask": 0x7FF, "extended": False}]), None
    except (OSError, can.CanError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"


def send_query(bus: Any) -> None:
    """Klipper's query for unassigned nodes (canbus_query.py's frame)."""
    can_admin(bus, bytes([CMD_QUERY_UNASSIGNED]))


def node_reply(msg: Any) -> tuple[str, str | None] | None:
    """(uuid, application) of a node's answer to the query; the application is None when the frame does not name it
    (7 bytes); None for any other frame."""
    data = bytes(msg.data)
    if msg.arbitration_id != ADMIN_RESP_ID or len(data) < 7 or data[0] != RESP_NEED_NODEID:
        return None
    return data[1:7].hex(), (APPLICATIONS.get(data[7], "Unknown") if len(data) > 7 else None)


def query(channel: str, *, listen: float = LISTEN, interface: str | None = None) -> tuple[list[tuple[str, str]], str | None]:
    """[(uuid, application)] of the unassigned nodes on `channel`, and the error text if the query failed."""
    bus, error = query_bus(channel, interface)
    if bus is None:
        return [], error
    import can

    found: list[tuple[str, str]] = []
    try:
        send_query(bus)
        deadline = time.monotonic() + listen
        while (left := deadline - time.monotonic()) > 0:
            msg = bus.recv(timeout=left)
            if msg is None:
                break
            reply = node_reply(msg)
            if reply is None:
                continue
            node = (reply[0], reply[1] or "Unknown")
            if node not in found:
                found.append(node)
    except (OSError, can.CanError) as exc:
        return found, f"{type(exc).__name__}: {exc}"
    finally:
        bus.shutdown()
    return found, None


def _configured(facts: dict[str, Any]) -> list[tuple[str, str]]:
    mcus = (((facts.get("klipper") or {}).get("printer_cfg") or {}).get("mcus")) or []
    return [(str(m["canbus_uuid"]).lower(), str(m.get("canbus_interface") or "can0")) for m in mcus if m.get("canbus_uuid")]


def collect(ctx: Any) -> dict[str, Any]:
    from doctor.parsers import parse_text

    facts = getattr(ctx, "facts", {}) or {}
    up = [i["name"] for i in (facts.get("can") or {}).get("interfaces") or [] if i.get("up") and i.get("name")]
    if not up:
        return {NAMESPACE: {"status": "skipped", "reason": "no CAN interface is up"}}
    klipper_active = ((facts.get("host") or {}).get("services") or {}).get("klipper") == "active"
    out: dict[str, Any] = {NAMESPACE: {"queries": [], "nodes": []}}
    for name in up:
        start = time.monotonic()
        found, error = query(name)
        lines = [f"Found canbus_uuid={uuid}, Application: {app}" for uuid, app in found]
        if error:
            lines.append(error)
        else:
            lines.append(f"Total {len(found)} uuids found")
        meta = {"argv": ["canbus_query", name], "status": "failed" if error else "ok", "duration": round(time.monotonic() - start, 3), "interface": name}
        fragment = parse_text("\n".join(lines), f"CAN UUID query on {name}", run=meta)
        ns = fragment.setdefault(NAMESPACE, {})
        if not ns.get("queries"):  # the query failed before canbus_query's "Total" line: still one run
            ns["queries"] = [{"tool": "canbus_query", "source": f"CAN UUID query on {name}", "events": [], "error": error}]
        for run in ns.get("queries") or []:  # parse_text marks `runs` live; CAN queries live in `queries`
            run["origin"] = "live"
            for key, value in meta.items():
                run.setdefault(key, value)
        for node in ns.get("nodes") or []:
            node.setdefault("interface", name)
            node["origin"] = "live"
            node["claimed"] = False
        from doctor import facts as factmod

        factmod.merge(out, {k: v for k, v in fragment.items() if k != "sources"})
        seen = {uuid for uuid, _ in found}
        if klipper_active and not error:
            for uuid, iface in _configured(facts):
                if iface == name and uuid not in seen:
                    out[NAMESPACE]["nodes"].append({"uuid": uuid, "interface": name, "claimed": True})
    return out
