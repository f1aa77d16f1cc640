"""Terminal and JSON views of devices and findings. Rendering only: nothing here computes a diagnosis."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from doctor.findings import Finding

if TYPE_CHECKING:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

# rich is imported by the functions that draw (start-up time: `--json` output never needs it).

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}
LABEL = {"error": "FAULT", "warning": "WARN", "info": "INFO"}


def findings_json(findings: list[Finding]) -> list[dict[str, Any]]:
    return [f.to_json() for f in findings]


JSON_DOCUMENTS = [0]  # documents written by print_json in this process (main prints an error document if none)


def print_json(console: Console, data: Any) -> None:
    from doctor.snapshot_check import strict_json  # no NaN / Infinity in --json output

    console.file.write(strict_json(data, indent=2) + "\n")
    JSON_DOCUMENTS[0] += 1


def devices_table(facts: dict[str, Any]) -> Table | None:
    from rich.table import Table
    from rich.text import Text

    usb = facts.get("usb") or {}
    devices = [d for d in usb.get("devices") or [] if d.get("kind") != "hub"]
    if not devices:
        return None
    table = Table(title="USB devices", title_justify="left", expand=False, pad_edge=False)
    table.add_column("ID", no_wrap=True)
    table.add_column("Role")
    table.add_column("Product")
    table.add_column("Where", no_wrap=True)
    table.add_column("Access")
    for d in devices:
        where = ", ".join(d.get("ttys") or d.get("netdevs") or []) or d.get("port_path") or ""
        access = {True: Text("ok", style="green"), False: Text("denied", style="red")}.get(d.get("can_open"), Text("?"))
        name = " ".join(x for x in (d.get("manufacturer"), d.get("product")) if x)
        table.add_row(
            f"{d.get('vid', '????')}:{d.get('pid', '????')}",
            str(d.get("role_name") or d.get("role") or "unknown"),
            str(name),
            str(where),
            access,
        )
    return table


def ports_table(facts: dict[str, Any], every_kind: bool = False) -> Table | None:
    from rich.table import Table

    ports = (facts.get("serial") or {}).get("ports") or []
    ports = [p for p in ports if every_kind or p.get("kind") != "other"]
    if not ports:
        return None
    table = Table(title="Serial ports", title_justify="left", expand=False, pad_edge=False)
    table.add_column("Port", overflow="fold")
    table.add_column("Kind")
    table.add_column("By id", overflow="fold")  # folded, never cut with an ellipsis: two boards must not look alike
    table.add_column("Group")
    table.add_column("Held by")
    for p in ports:
        holders = ", ".join(f"{h.get('comm')} ({h.get('pid')})" for h in p.get("holders") or [])
        by_id = ", ".join(s.rsplit("/", 1)[-1] for s in p.get("by_id") or [])
        table.add_row(str(p.get("device", "")), str(p.get("kind", "")), str(by_id), str(p.get("group") or ""), str(holders or "-"))
    return table


def printer_view(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The printer's own MCUs as printer.cfg names them, each with how it is reached and what the scan saw
    of it (from the facts only, so a replayed snapshot shows the same): the view a Klipper user starts from."""
    klipper = facts.get("klipper") or {}
    mcus = ((klipper.get("printer_cfg") or {}).get("mcus")) or []
    serial = facts.get("serial") or {}
    ports = {str(p.get("device")): p for p in serial.get("ports") or [] if isinstance(p, dict) and p.get("device")}
    links = {str(link.get("name")): str(link.get("target")) for link in serial.get("by_id") or [] if isinstance(link, dict)}
    links.update({str(link.get("name")): str(link.get("target")) for link in serial.get("by_path") or [] if isinstance(link, dict)})
    answered = {}
    for r in ((facts.get("identify") or {}).get("ports")) or []:
        if isinstance(r, dict) and r.get("port"):
            answered[str(r["port"])] = r
            if r.get("device"):
                answered.setdefault(str(r["device"]), r)
    cans = {str(i.get("name")): i for i in ((facts.get("can") or {}).get("interfaces")) or [] if isinstance(i, dict)}
    out: list[dict[str, Any]] = []
    for m in mcus:
        if not isinstance(m, dict):
            continue
        name = str(m.get("name") or "mcu")
        row: dict[str, Any] = {"name": name}
        if m.get("instance"):
            row["instance"] = str(m["instance"])
        if m.get("canbus_uuid"):
            iface = str(m.get("canbus_interface") or "can0")
            row["via"] = f"CAN {iface}, canbus_uuid {m['canbus_uuid']}"
            i = cans.get(iface)
            if i is None:
                row["state"] = f"{iface} does not exist on this host"
            else:
                up = "up" if i.get("up") else "down"
                row["state"] = f"{iface} {up}" + (f", {i['bitrate']} bit/s" if i.get("bitrate") else "")
        elif m.get("serial"):
            path = str(m["serial"])
            row["via"] = path
            device = links.get(path)
            port = ports.get(device or "") or ports.get(path)
            if port is not None and port.get("exists") is False:
                port = None
            if device is None and port is not None:
                device = str(port.get("device"))
            if device is None:
                row["state"] = "missing: no such device on this host"
            else:
                kind = (port or {}).get("kind")
                bits = ["host MCU (Linux process)" if kind == "pty" else "present" + (f" ({device})" if device and device != path else "")]
                holders = (port or {}).get("holders") or []
                if holders:
                    bits.append("held by " + ", ".join(f"{h.get('comm')} ({h.get('pid')})" for h in holders))
                r = answered.get(path) or answered.get(device or "")
                if r:
                    app = r.get("klipper") if isinstance(r.get("klipper"), dict) else None
                    if r.get("outcome") == "klipper" and app:
                        bits.append(f"answers as Klipper {app.get('version') or ''} {app.get('mcu') or ''}".rstrip())
                    elif r.get("outcome"):
                        bits.append(f"identify: {r['outcome']}")
                row["state"] = ", ".join(bits)
        else:
            row["via"] = "(no serial or canbus_uuid line)"
            row["state"] = "not configured"
        out.append(row)
    return out


def print_printer(console: Console, facts: dict[str, Any]) -> bool:
    """The printer view as plain lines (paths printed whole: they are what people paste into printer.cfg)."""
    from rich.text import Text

    rows = printer_view(facts)
    if not rows:
        return False
    cfg = ((facts.get("klipper") or {}).get("printer_cfg") or {}).get("path")
    console.print(Text("Printer" + (f" ({cfg})" if cfg else ""), style="bold"), soft_wrap=True)
    for row in rows:
        line = Text(f"  [{row['name']}] " + (f"({row['instance']}) " if row.get("instance") else ""), style="bold")
        line.append(str(row["via"]))
        state = str(row["state"])
        line.append(f"  {state}", style="red" if state.startswith(("missing", "not configured")) or "does not exist" in state else "green")
        console.print(line, soft_wrap=True)
    return True


def prose(text: str) -> str:
    """Knowledge text is wrapped in the TOML source: join single line breaks, keep paragraphs."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text.strip())


def finding_panel(f: Finding, verbose: int = 0, explain: bool = True, commands: bool = True) -> Panel:
    """One finding in a box. The title is the box's first line (a border title is cut at the box's width);
    commands=False leaves the fix's commands and the `doctor fix` line out, for `finding_commands` to print
    under the box as plain lines: a command wrapped inside a box carries the border into what people copy."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[Any] = [Text(f.title, style="bold")]
    head = Text()
    head.append(f"{LABEL.get(f.severity, f.severity.upper())} ", style=STYLE.get(f.severity, ""))
    head.append(f"{f.id} ", style="bold")
    head.append(f"{f.slug}  ", style="dim")
    head.append(f"confidence {f.confidence:.0%}", style="dim")
    parts.append(head)
    parts.append(Text(f.message))
    if f.secondary_to:
        parts.append(Text(f"(a consequence of {f.secondary_to})", style="dim"))
    if f.evidence:
        ev = Text()
        for path, value in f.evidence:
            ev.append(f"  {path}: ", style="dim")
            ev.append(f"{value}\n")
        parts.append(Text("Evidence:", style="bold"))
        parts.append(ev)
    if f.ask:
        parts.append(Text.assemble(("To tell apart: ", "bold"), f.ask))
    if f.answered:
        parts.append(Text.assemble(("This host answers it: ", "bold"), f.answered))
    if f.explanation and explain:
        parts.append(Text(prose(f.explanation), style="italic"))
    rem = f.remediation or {}
    if rem.get("text") or rem.get("commands"):
        fix = Text()
        fix.append("Fix: ", style="bold green")
        if rem.get("text"):
            fix.append(prose(rem["text"]))
        if commands:
            for c in rem.get("commands") or []:
                fix.append(f"\n  $ {c}", style="green")
        elif rem.get("commands"):
            fix.append(("\n" if rem.get("text") else "") + "(the commands follow below the box)", style="dim")
        parts.append(fix)
    if f.actions and commands:
        parts.append(Text(f"doctor can do this for you: doctor fix {f.id}", style="green"))
    if f.links and verbose > 0:
        parts.append(Text("See: " + "  ".join(f.links), style="dim"))
    return Panel(Group(*parts), border_style=STYLE.get(f.severity, ""), expand=True)


def print_finding_commands(console: Console, f: Finding) -> None:
    """The fix's commands and the `doctor fix` line, unboxed and never cut (the terminal wraps a long one)."""
    from rich.text import Text

    for c in (f.remediation or {}).get("commands") or []:
        console.print(Text(f"  $ {c}", style="green"), soft_wrap=True)
    if f.actions:
        console.print(Text(f"  doctor can do this for you: doctor fix {f.id}", style="green"), soft_wrap=True)


def print_findings(console: Console, findings: list[Finding], verbose: int = 0, empty_hint: str | None = None) -> None:
    from rich.text import Text

    if not findings:
        console.print(Text("No faults found.", style="bold green"))
        if empty_hint:
            console.print(empty_hint)
        return
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    words = {"error": ("fault", "faults"), "warning": ("warning", "warnings"), "info": ("note", "notes")}
    summary = ", ".join(f"{n} {words[s][0] if n == 1 else words[s][1]}" for s, n in counts.items() if n)
    console.print(Text(f"Findings: {summary} (most important first)", style="bold"))
    for i, f in enumerate(findings):
        if verbose < 0 and f.severity == "info":
            continue
        # the diagnosis (first finding) carries its explanation; the others do with -v
        console.print(finding_panel(f, verbose, explain=(i == 0 and verbose >= 0) or verbose > 0, commands=False))
        print_finding_commands(console, f)
