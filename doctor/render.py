"""Terminal and JSON views of devices and findings. Rendering only: nothing here computes a diagnosis."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from doctor.findings import Finding

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

# rich is imported by the functions that draw (start-up time: `--json` output never needs it).

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}
LABEL = {"error": "FAULT", "warning": "WARN", "info": "INFO"}


def findings_json(findings: list[Finding]) -> list[dict[str, Any]]:
    return [f.to_json() for f in findings]


def print_json(console: Console, data: Any) -> None:
    """One JSON document, strict (no NaN / Infinity). Commands do not call this: under --json they hand their
    result to doctor.envelope and `cli.main` writes the one envelope."""
    from doctor.envelope import write

    write(data, console.file)


def _device_rows(facts: dict[str, Any]) -> list[list[str]]:
    usb = facts.get("usb") or {}
    rows = []
    for d in usb.get("devices") or []:
        if d.get("kind") == "hub":
            continue
        where = ", ".join(str(x) for x in (d.get("ttys") or d.get("netdevs") or []) if x) or d.get("port_path") or ""
        name = " ".join(x for x in (d.get("manufacturer"), d.get("product")) if x)
        access = {True: "ok", False: "denied"}.get(d.get("can_open"), "?")
        rows.append([f"{d.get('vid', '????')}:{d.get('pid', '????')}", str(d.get("role_name") or d.get("role") or "unknown"), str(name), str(where), access])
    return rows


DEVICE_HEADERS = ["ID", "Role", "Product", "Where", "Access"]
PORT_HEADERS = ["Port", "Kind", "By id", "Group", "Held by"]


def _port_rows(facts: dict[str, Any], every_kind: bool) -> list[tuple[list[str], list[str]]]:
    """(row, the port's /dev/serial/by-id paths) per port."""
    out = []
    for p in (facts.get("serial") or {}).get("ports") or []:
        if not every_kind and p.get("kind") == "other":
            continue
        holders = ", ".join(f"{h.get('comm')} ({h.get('pid')})" for h in p.get("holders") or [])
        links = [str(s) for s in p.get("by_id") or []]
        by_id = ", ".join(s.rsplit("/", 1)[-1] for s in links)
        out.append(([str(p.get("device", "")), str(p.get("kind", "")), by_id, str(p.get("group") or ""), str(holders or "-")], links))
    return out


def devices_table(facts: dict[str, Any]) -> Table | None:
    from rich.table import Table
    from rich.text import Text

    rows = _device_rows(facts)
    if not rows:
        return None
    table = Table(title="USB devices", title_justify="left", expand=False, pad_edge=False)
    table.add_column("ID", no_wrap=True)
    table.add_column("Role")
    table.add_column("Product")
    table.add_column("Where", no_wrap=True)
    table.add_column("Access")
    for row in rows:
        table.add_row(*row[:4], Text(row[4], style={"ok": "green", "denied": "red"}.get(row[4], "")))
    return table


def ports_table(facts: dict[str, Any], every_kind: bool = False, by_id: bool = True) -> Table | None:
    """The serial ports; `by_id=False` leaves the By id column out (print_tables then prints the paths whole
    below the table: a name folded inside a box is not something one can copy)."""
    from rich.table import Table

    rows = _port_rows(facts, every_kind)
    if not rows:
        return None
    table = Table(title="Serial ports", title_justify="left", expand=False, pad_edge=False)
    table.add_column("Port", no_wrap=True)
    table.add_column("Kind")
    if by_id:
        table.add_column("By id", no_wrap=True)  # never folded nor cut: two boards must not look alike
    table.add_column("Group")
    table.add_column("Held by")
    for row, _ in rows:
        table.add_row(*(row if by_id else row[:2] + row[3:]))
    return table


def _plain_table(console: Console, title: str, headers: list[str], rows: list[list[str]]) -> None:
    """A table as aligned plain text (output that is not a terminal): no box drawing, no cell wrapped or cut."""
    from rich.text import Text

    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    console.print(Text(title, style="bold"), soft_wrap=True)
    for row in [headers, *rows]:
        console.print(Text("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()), soft_wrap=True)


def _whole(console: Console, table: Table, values: list[str]) -> bool:
    """Whether `table`, laid out at this console's width, shows each of `values` whole on one line (rich
    shrinks even no_wrap columns, with an ellipsis, when the table does not fit)."""
    from rich.console import Console as _Console

    probe = _Console(width=console.width, record=False, file=__import__("io").StringIO(), color_system=None, legacy_windows=False)
    with probe.capture() as captured:
        probe.print(table)
    lines = captured.get().splitlines()
    return all(any(v in line for line in lines) for v in values if v)


def print_tables(console: Console, facts: dict[str, Any], every_kind: bool = False) -> None:
    """The USB devices and serial ports. On a terminal, boxed tables; when the By id names do not fit whole in
    the ports table at this width, the column goes and each port's by-id path is printed on a line of its own
    under it (flush left, whole). Not on a terminal: aligned plain text, every cell whole."""
    from rich.text import Text

    devices = _device_rows(facts)
    ports = _port_rows(facts, every_kind)
    if plain(console):
        if devices:
            _plain_table(console, "USB devices", DEVICE_HEADERS, devices)
        if ports:
            _plain_table(console, "Serial ports", PORT_HEADERS, [row for row, _ in ports])
        return
    table = devices_table(facts)
    if table is not None:
        if _whole(console, table, [row[3] for row in devices]):
            console.print(table)
        else:  # too narrow even for the device nodes: the plain form, every cell whole
            _plain_table(console, "USB devices", DEVICE_HEADERS, devices)
    wide = ports_table(facts, every_kind)
    if wide is None:
        return
    if _whole(console, wide, [row[0] for row, _ in ports] + [row[2] for row, _ in ports]):
        console.print(wide)
        return
    narrow = ports_table(facts, every_kind, by_id=False)
    if narrow is not None and _whole(console, narrow, [row[0] for row, _ in ports]):
        console.print(narrow)
    else:
        _plain_table(console, "Serial ports", PORT_HEADERS[:2] + PORT_HEADERS[3:], [row[:2] + row[3:] for row, _ in ports])
    linked = [(row[0], links) for row, links in ports if links]
    if linked:
        console.print(Text("By id (the path printer.cfg's serial: names):", style="bold"))
        for device, links in linked:
            console.print(Text(f"{device}:", style="dim"))
            for link in links:
                console.print(Text(link), soft_wrap=True)


def _holder_name(holder: dict[str, Any]) -> str:
    """How the printer view names a port's holder: klippy for Klipper itself (its process is `python`), that is how
    it should be: Klipper keeps its MCUs' ports open while it runs."""
    from doctor.derive import is_klippy

    return "klippy (Klipper is running: normal)" if is_klippy(holder) else str(holder.get("comm"))


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
                row["device"] = device
                kind = (port or {}).get("kind")
                bits = ["host MCU (Linux process)" if kind == "pty" else "present" + (f" ({device})" if device and device != path else "")]
                holders = (port or {}).get("holders") or []
                if holders:
                    bits.append("held by " + ", ".join(f"{_holder_name(h)} ({h.get('pid')})" for h in holders))
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
        row["log"] = _mcu_log(klipper, m)
        out.append(row)
    _mcu_builds(facts, mcus, out)
    return out


_BY_ID_MCU = re.compile(r"usb-(?:Klipper|katapult|CanBoot)_([A-Za-z0-9]+)_", re.I)
_COMM = {"usb": "USB", "serial": "serial (UART)", "can": "CAN", "usbcan": "USB to CAN bridge"}


def _mcu_log(klipper: dict[str, Any], m: dict[str, Any]) -> dict[str, Any]:
    """What klippy.log last said about MCU `m` (the live scan's per-instance `log`, else the snapshot's one
    klippy.log: a pasted or older snapshot), with the sentence the view prints."""
    from doctor.checks.klipper import last_said

    said = m.get("log") if isinstance(m.get("log"), dict) else None
    log = klipper.get("log") if isinstance(klipper.get("log"), dict) else None
    if said is None and log is not None and not m.get("instance"):
        said = last_said(log, str(m.get("name") or "mcu")) or {"state": "not mentioned", "path": log.get("path")}
    if said is None:
        return {"state": "no log", "text": "no klippy.log found"}
    said = dict(said)
    state = str(said.get("state"))
    where = f" (line {said['lineno']})" if said.get("lineno") else ""
    if state == "connected":
        what = " ".join(str(said[k]) for k in ("version", "mcu") if said.get(k))
        text = f"connected{': Klipper ' + what if what else ''}{where}"
    elif state == "not mentioned":
        text = "says nothing about it"
    elif state == "shutdown" and said.get("reason"):
        text = f"shutdown: {said['reason']}{where}"
    else:
        text = f"{state}{where}: {said.get('line') or ''}".rstrip(": ")
    if said.get("repeats"):
        text += f" (×{int(said['repeats']) + 1})"
    said["text"] = text
    return said


def _mcu_type(facts: dict[str, Any], m: dict[str, Any], row: dict[str, Any]) -> tuple[str | None, str]:
    """The MCU type of a printer.cfg MCU and where it comes from (klippy.log's identification, doctor's
    identify, the by-id name, a pty: Klipper's Linux MCU), or (None, "")."""
    said = row.get("log") or {}
    if said.get("mcu"):
        return str(said["mcu"]), "klippy.log"
    path = str(m.get("serial") or "")
    for r in ((facts.get("identify") or {}).get("ports")) or []:
        if isinstance(r, dict) and path and path in (r.get("port"), r.get("device")) and isinstance(r.get("klipper"), dict) and r["klipper"].get("mcu"):
            return str(r["klipper"]["mcu"]), "identify"
    names = [path] + [str(link.get("name")) for link in ((facts.get("serial") or {}).get("by_id")) or [] if isinstance(link, dict)
                      and link.get("target") and row.get("device") == link.get("target")]
    for name in names:
        found = _BY_ID_MCU.search(name)
        if found:
            return found.group(1).lower(), "by-id name"
    if str(row.get("state", "")).startswith("host MCU"):
        return "linux", "a pty: Klipper's Linux MCU"
    return None, ""


def build_text(cfg: dict[str, Any]) -> str:
    bits = [str(cfg.get("mcu") or "MCU not set")]
    offset = cfg.get("bootloader_offset")
    if isinstance(offset, int) and not isinstance(offset, bool):
        bits.append(f"{offset // 1024} KiB bootloader offset" if offset else "no bootloader offset")
    comm = cfg.get("comm")
    if comm:
        bits.append(_COMM.get(str(comm), str(comm)))
    if comm == "serial" and cfg.get("serial_baud"):
        bits.append(f"{cfg['serial_baud']} baud")
    if comm in ("can", "usbcan") and cfg.get("canbus_frequency"):
        bits.append(f"{cfg['canbus_frequency']} bit/s")
    return ", ".join(bits)


def _mcu_builds(facts: dict[str, Any], mcus: list[Any], rows: list[dict[str, Any]]) -> None:
    """Each row's `build`: ~/klipper/.config when it can be told to be this MCU's build. The only link between
    a build and an MCU is the MCU type (CONFIG_MCU against klippy.log's, identify's or the by-id name's):
    a match with one MCU is that MCU's build; with several it cannot be told which; otherwise unknown."""
    cfg = (facts.get("klipper") or {}).get("config")
    cfg = cfg if isinstance(cfg, dict) else None
    types = [_mcu_type(facts, m, row) if isinstance(m, dict) else (None, "") for m, row in zip([x for x in mcus if isinstance(x, dict)], rows)]
    for (mcu_type, source), row in zip(types, rows):
        if cfg is None:
            row["build"] = {"match": "unknown", "text": "unknown: no Klipper .config found"}
            continue
        built = str(cfg.get("mcu") or "")
        build: dict[str, Any] = {"path": cfg.get("path"), "mcu": built or None, "bootloader_offset": cfg.get("bootloader_offset"),
                                 "interface": cfg.get("comm"), "baud": cfg.get("serial_baud"), "canbus_frequency": cfg.get("canbus_frequency")}
        where = str(cfg.get("path") or ".config")
        if mcu_type is None:
            build.update(match="unknown", text=f"unknown: this MCU's type is not known here; {where} is for {built or '?'}")
        elif built and mcu_type.lower() == built.lower():
            same = sum(1 for t, _ in types if t and t.lower() == built.lower())
            if same > 1:
                build.update(match="ambiguous", text=f"{where}: {build_text(cfg)} (the MCU type of {same} MCUs here: which one it was built for is unknown)")
            else:
                build.update(match="mcu", text=f"{where}: {build_text(cfg)} (same MCU type, {mcu_type} from {source})")
        else:
            build.update(match="other", text=f"unknown: {where} is built for {built or '?'}, this MCU is {mcu_type} (from {source})")
        build["mcu_type"] = mcu_type
        row["build"] = {k: v for k, v in build.items() if v is not None}


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
        said = row.get("log") or {}
        if said.get("text"):
            ok = said.get("state") == "connected"
            console.print(Text.assemble(("      klippy.log: ", "dim"), (str(said["text"]), "" if ok or said.get("state") in ("not mentioned", "no log") else "yellow")), soft_wrap=True)
        build = row.get("build") or {}
        if build.get("text"):
            console.print(Text.assemble(("      build: ", "dim"), str(build["text"])), soft_wrap=True)
    return True


def prose(text: str) -> str:
    """Knowledge text is wrapped in the TOML source: join single line breaks, keep paragraphs."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text.strip())


def plain(console: Console) -> bool:
    """Output that is not a terminal (a pipe, a file): plain text, no box drawing, nothing wrapped."""
    return not console.is_terminal


def say(console: Console, text: str, style: str = "", indent: str = "", lead: tuple[str, str] | None = None) -> None:
    """A paragraph that may hold paths, by-id names, serials or file names: word-wrapped at the terminal's width
    but never inside a word (a word longer than the line stands alone on its line, whole: the terminal soft-wraps
    it and a copy gets it entire); not wrapped at all when the output is not a terminal. `lead` is a styled
    prefix ("Fix: ", "bold green")."""
    import textwrap

    from rich.text import Text

    head = lead[0] if lead else ""
    for n, para in enumerate(text.split("\n")):
        first = indent + (head if n == 0 else "")
        if plain(console) or not para.strip():
            lines = [first + para]
        else:
            lines = textwrap.wrap(para, max(console.width - 1, 20), initial_indent=first, subsequent_indent=indent,
                                  break_long_words=False, break_on_hyphens=False) or [first]
        for i, line in enumerate(lines):
            out = Text(line, style=style)
            if i == 0 and n == 0 and lead:
                out.stylize(lead[1], len(indent), len(indent) + len(head))
            console.print(out, soft_wrap=True)


def print_finding(console: Console, f: Finding, verbose: int = 0, explain: bool = True, where: Where | None = None) -> None:
    """One finding, unboxed: a heading (a coloured rule on a terminal), then its lines. Nothing sits between a
    border and what people copy; paths are never cut (see `say`); commands follow flush left."""
    from rich.rule import Rule
    from rich.text import Text

    label = LABEL.get(f.severity, f.severity.upper())
    console.print()
    if plain(console):
        console.print(Text(f"{label} {f.id}", style=STYLE.get(f.severity, "")), soft_wrap=True)
    else:
        console.print(Rule(Text(f" {label} {f.id} ", style=STYLE.get(f.severity, "")), align="left", style=STYLE.get(f.severity, "")))
    say(console, f.title, style="bold")
    say(console, f"{f.slug}  confidence {f.confidence:.0%}", style="dim")
    say(console, f.message)
    if f.secondary_to:
        say(console, f"(a consequence of {f.secondary_to})", style="dim")
    if f.evidence:
        console.print(Text("Evidence:", style="bold"))
        for path, value in f.evidence:
            say(console, str(value), indent="  ", lead=(f"{path}: ", "dim"))
    if f.ask:
        say(console, f.ask, lead=("To tell apart: ", "bold"))
    if f.answered:
        say(console, f.answered, lead=("This host answers it: ", "bold"))
    if f.explanation and explain:
        say(console, prose(f.explanation), style="italic")
    rem = f.remediation or {}
    if rem.get("text"):
        say(console, prose(rem["text"]), lead=("Fix: ", "bold green"))
    elif rem.get("commands"):
        console.print(Text("Fix:", style="bold green"))
    print_finding_commands(console, f, where)
    if f.links and verbose > 0:
        console.print(Text("See:", style="dim"))
        for link in f.links:
            console.print(Text(str(link), style="dim"), soft_wrap=True)


@dataclass(frozen=True)
class Where:
    """Where the diagnosis's facts come from, so that a `doctor fix` line is one that works when run:
    - "host": a scan of this computer (scan, identify, watch, fix): `doctor fix ID` scans again and finds ID only if
      this diagnosis did, so a `doctor fix OTHER` among an entry's commands is shown only when OTHER is present too
      (SWD001's `doctor fix USB004` never is: USB004 supersedes it);
    - "paste": pasted output (analyze): the fix belongs to the computer the output came from;
    - "snapshot": a saved snapshot (replay): `doctor fix ID --from SNAPSHOT` plans from the same facts."""

    kind: str = "host"
    present: frozenset[str] = frozenset()
    snapshot: str | None = None


_DOCTOR_FIX = re.compile(r"^\s*doctor fix ([A-Z]+[0-9]+)\b")


def print_finding_commands(console: Console, f: Finding, where: Where | None = None) -> None:
    """The fix's commands and the `doctor fix` line, each alone on its line, flush left and never cut (the
    terminal wraps a long one): a triple-click copies exactly the command, no prompt, no border, no indent."""
    from rich.text import Text

    where = where or Where(present=frozenset({f.id}))
    for c in (f.remediation or {}).get("commands") or []:
        other = _DOCTOR_FIX.match(str(c))
        if other and where.kind == "host" and other.group(1) not in where.present | {f.id}:
            continue  # it would answer "not present on this host"
        console.print(Text(str(c), style="green"), soft_wrap=True)
    if f.actions:
        if where.kind == "paste":
            console.print(Text("doctor can do this for you, on the computer this output came from (it checks that computer first):", style="green"), soft_wrap=True)
            console.print(Text(f"doctor fix {f.id}", style="bold green"), soft_wrap=True)
        elif where.kind == "snapshot" and where.snapshot:
            console.print(Text("doctor can do this for you (planned from the same snapshot):", style="green"))
            console.print(Text(f"doctor fix {f.id} --from {shlex.quote(where.snapshot)}", style="bold green"), soft_wrap=True)
        else:
            console.print(Text("doctor can do this for you:", style="green"))
            console.print(Text(f"doctor fix {f.id}", style="bold green"), soft_wrap=True)


def print_findings(
    console: Console, findings: list[Finding], verbose: int = 0, empty_hint: str | None = None, where: str = "host", snapshot: str | None = None
) -> None:
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
    place = Where(where, frozenset(f.id for f in findings), snapshot)
    for i, f in enumerate(findings):
        if (verbose < 0 and f.severity == "info") or (verbose < -1 and f.severity == "warning"):
            continue  # -q: no notes; -qq: the faults only (pip's -q and -qq)
        # the diagnosis (first finding) carries its explanation; the others do with -v
        print_finding(console, f, verbose, explain=(i == 0 and verbose >= 0) or verbose > 0, where=place)
