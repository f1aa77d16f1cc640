"""Making a CAN interface's bitrate and transmit queue permanent, without ever breaking the host's network setup.

Two systems bring can0 up at boot on Klipper hosts:

- ifupdown reads /etc/network/interfaces and the files it `source`s (usually /etc/network/interfaces.d/*). An
  option line outside an `iface` stanza ("misplaced option") makes ifupdown reject the whole configuration: at
  boot no interface comes up, and a headless host loses its network. So an edit here is additive and whole: an
  existing `iface can0 can ...` stanza gets its `bitrate` / `txqueuelen` changed or added inside it; a missing
  stanza is written whole (`allow-hotplug can0`, `iface can0 can static`, `bitrate N`,
  `up ip link set $IFACE txqueuelen 128`, as Klipper's docs/CANBUS.md gives it), never a lone option line.
- systemd-networkd reads /etc/systemd/network/*.network ([CAN] BitRate=) and *.link ([Link]
  TransmitQueueLength=) files.

Edits are byte-exact: a file is handled as Latin-1 (every byte maps to one character and back), its line endings
(CRLF or LF) and its last line's newline are kept, and only the lines that change are touched.

`check_ifupdown(text)` applies ifupdown's own parse rules that matter here (an option before any stanza is
"misplaced"; an `iface` line needs a name, an address family and a method; an option needs a value). Where
ifupdown is installed, `ifquery_check(path, iface)` asks the real parser (`ifquery --interfaces=FILE IFACE`).
The messages below are ifupdown 0.8's (checked against ifupdown 0.8.41's ifquery: tests/test_msgs_can.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

TXQUEUELEN = 128

# ifupdown's stanza keywords (interfaces(5)): a line whose first word is one of these starts a new stanza
_STANZA = ("iface", "mapping", "auto", "source", "source-directory", "no-auto-down", "no-scripts", "rename")
_STANZA_RE = re.compile(r"^\s*(?:allow-[\w-]+|" + "|".join(re.escape(k) for k in _STANZA) + r")(?:\s|$)")
_IFACE_RE = re.compile(r"^\s*iface\s+(?P<name>\S+)(?:\s+(?P<family>\S+))?(?:\s+(?P<method>\S+))?")
_BITRATE_OPT = re.compile(r"^(?P<pre>\s*bitrate\s+)(?P<value>\d+)")
_BITRATE_CMD = re.compile(r"(?P<pre>\btype\s+can\b[^\n]*?\bbitrate\s+)(?P<value>\d+)")
_QLEN_CMD = re.compile(r"^(?P<pre>\s*(?:pre-up|up|post-up)\s+[^\n]*?\btxqueuelen\s+)(?P<value>\d+)")


def stanza(iface: str, bitrate: int, txqueuelen: int = TXQUEUELEN, newline: str = "\n") -> str:
    """The whole ifupdown stanza Klipper's docs/CANBUS.md gives for a CAN interface."""
    lines = [f"allow-hotplug {iface}", f"iface {iface} can static", f"    bitrate {int(bitrate)}",
             f"    up ip link set $IFACE txqueuelen {int(txqueuelen)}"]
    return newline.join(lines) + newline


def _split(data: bytes) -> tuple[list[str], str, bool]:
    """(lines without their endings, the file's line ending, whether the last line ends with one)."""
    text = data.decode("latin-1")
    newline = "\r\n" if "\r\n" in text else "\n"
    final = text.endswith("\n")
    if final:
        text = text[: -len(newline)] if text.endswith(newline) else text[:-1]
    return (text.split(newline) if text or final else []), newline, final


def _join(lines: list[str], newline: str, final_newline: bool) -> bytes:
    text = newline.join(lines) + (newline if final_newline else "")
    return text.encode("latin-1")


def _first_word(line: str) -> str:
    stripped = line.strip()
    return stripped.split(None, 1)[0] if stripped else ""


def find_stanza(lines: list[str], iface: str) -> tuple[int, int] | None:
    """(index of the `iface IFACE ...` line, index after the stanza's last option line), or None."""
    for i, line in enumerate(lines):
        m = _IFACE_RE.match(line)
        if m and m.group("name") == iface:
            end = i + 1
            last = i + 1
            while end < len(lines) and not _STANZA_RE.match(lines[end]):
                if lines[end].strip() and not lines[end].lstrip().startswith("#"):
                    last = end + 1
                end += 1
            return i, last
    return None


def _indent(lines: list[str], start: int, end: int) -> str:
    for line in lines[start + 1:end]:
        if line.strip() and not line.lstrip().startswith("#"):
            return line[: len(line) - len(line.lstrip())] or "    "
    return "    "


def edit_ifupdown(data: bytes, iface: str, bitrate: int | None = None, txqueuelen: int | None = None) -> bytes | None:
    """The file with IFACE's stanza set to BITRATE and TXQUEUELEN (only those given), or None when the file has no
    stanza for IFACE (the caller then writes a whole one). Everything else stays byte for byte."""
    lines, newline, final = _split(data)
    found = find_stanza(lines, iface)
    if found is None:
        return None
    start, end = found
    indent = _indent(lines, start, end)
    if bitrate is not None:
        done = False
        for i in range(start + 1, end):
            m = _BITRATE_OPT.match(lines[i])
            if m:
                lines[i] = m.group("pre") + str(int(bitrate)) + lines[i][m.end():]
                done = True
        for i in range(start + 1, end):  # `pre-up ip link set $IFACE type can bitrate N` would override the option
            m = _BITRATE_CMD.search(lines[i])
            if m and not lines[i].lstrip().startswith("#"):
                lines[i] = lines[i][: m.start()] + m.group("pre") + str(int(bitrate)) + lines[i][m.end():]
                done = True
        if not done:
            lines.insert(start + 1, f"{indent}bitrate {int(bitrate)}")
            end += 1
    if txqueuelen is not None:
        done = False
        for i in range(start + 1, end):
            m = _QLEN_CMD.match(lines[i])
            if m:
                lines[i] = m.group("pre") + str(int(txqueuelen)) + lines[i][m.end():]
                done = True
        if not done:
            lines.insert(end, f"{indent}up ip link set $IFACE txqueuelen {int(txqueuelen)}")
    return _join(lines, newline, final)


def append_stanza(data: bytes, iface: str, bitrate: int, txqueuelen: int = TXQUEUELEN) -> bytes:
    """DATA with a whole stanza for IFACE added at its end (separated by a blank line), in the file's line endings."""
    lines, newline, _ = _split(data)
    while lines and not lines[-1].strip():
        lines.pop()
    block = stanza(iface, bitrate, txqueuelen, newline="\n").rstrip("\n").split("\n")
    out = lines + ([""] if lines else []) + block
    return _join(out, newline, True)


def check_ifupdown(data: bytes) -> list[str]:
    """ifupdown's parse errors for this file, in its words ("LINE: misplaced option"); [] = it would read it."""
    lines, _, _ = _split(data)
    errors: list[str] = []
    in_stanza = False
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word = _first_word(line)
        if _STANZA_RE.match(line):
            if word == "iface":
                m = _IFACE_RE.match(line)
                if not m or not m.group("method"):
                    errors.append(f"{n}: too few parameters for iface line")
                in_stanza = True
            elif word == "mapping":
                in_stanza = True
            else:
                in_stanza = False
            continue
        if not in_stanza:
            errors.append(f"{n}: misplaced option")
        elif len(line.split(None, 1)) < 2:
            errors.append(f"{n}: option with empty value")
    return errors


def ifquery_binary() -> str | None:
    for candidate in (shutil.which("ifquery"), "/sbin/ifquery", "/usr/sbin/ifquery"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def ifquery_check(data: bytes, iface: str, binary: str | None = None) -> tuple[bool, str] | None:
    """Ask the installed ifupdown whether it reads DATA and finds IFACE in it: (ok, what it said), or None when no
    ifquery is installed. The file is checked as a copy; nothing is configured (ifquery only reads)."""
    binary = binary or ifquery_binary()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="doctor-ifquery-") as tmp:
        path = Path(tmp) / "interfaces"
        path.write_bytes(data)
        state = Path(tmp) / "state"
        state.mkdir()
        try:
            run = subprocess.run([binary, f"--interfaces={path}", f"--state-dir={state}", iface],
                                 capture_output=True, text=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, str(exc)
    said = (run.stdout + run.stderr).replace(str(path), "FILE").strip()
    return run.returncode == 0, said


# --- systemd-networkd ------------------------------------------------------------------------------------------


def networkd_files(iface: str, bitrate: int, txqueuelen: int = TXQUEUELEN) -> dict[str, str]:
    """The .network and .link files that bring IFACE up at BITRATE with TXQUEUELEN (systemd.network(5), systemd.link(5))."""
    return {
        f"80-{iface}.network": f"[Match]\nName={iface}\n\n[CAN]\nBitRate={int(bitrate)}\n",
        f"80-{iface}.link": f"[Match]\nOriginalName={iface}\n\n[Link]\nTransmitQueueLength={int(txqueuelen)}\n",
    }


def edit_ini(data: bytes, section: str, key: str, value: int) -> bytes:
    """DATA with KEY=VALUE in [SECTION] (changed where present, added at the section's end, or a new section)."""
    lines, newline, final = _split(data)
    head = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")
    start = None
    for i, line in enumerate(lines):
        m = head.match(line)
        if m and m.group("name").strip() == section:
            start = i
            break
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ([""] if lines else []) + [f"[{section}]", f"{key}={value}"]
        return _join(lines, newline, True)
    end = start + 1
    while end < len(lines) and not head.match(lines[end]):
        end += 1
    item = re.compile(r"^(?P<pre>\s*" + re.escape(key) + r"\s*=\s*)(?P<value>[^\s#;]*)")
    for i in range(start + 1, end):
        m = item.match(lines[i])
        if m:
            lines[i] = m.group("pre") + str(value) + lines[i][m.end():]
            return _join(lines, newline, final)
    last = end
    while last > start + 1 and not lines[last - 1].strip():
        last -= 1
    lines.insert(last, f"{key}={value}")
    return _join(lines, newline, final)


# --- where this host keeps it ------------------------------------------------------------------------------------


@dataclass
class Target:
    """Where IFACE's boot configuration lives (or should be written) on this host."""

    kind: str  # "ifupdown" | "networkd" | "none"
    path: Path | None = None  # the file holding IFACE's stanza, or the one to create
    exists: bool = False  # the file exists (and, for ifupdown, holds IFACE's stanza when `has_stanza`)
    has_stanza: bool = False
    link_path: Path | None = None  # networkd: the .link file (TransmitQueueLength)
    note: str = ""


def _sourced(main: Path, root: Path) -> list[Path]:
    """The files /etc/network/interfaces reads: itself, then its `source` globs and `source-directory` dirs."""
    out = [main]
    try:
        text = main.read_bytes().decode("latin-1")
    except OSError:
        return out
    for raw in text.splitlines():
        parts = raw.split()
        if len(parts) < 2 or parts[0] not in ("source", "source-directory"):
            continue
        pattern = parts[1]
        base = root / pattern.lstrip("/") if pattern.startswith("/") else main.parent / pattern
        if parts[0] == "source":
            out += sorted(p for p in base.parent.glob(base.name) if p.is_file())
        elif base.is_dir():
            out += sorted(p for p in base.iterdir() if p.is_file() and re.fullmatch(r"[\w-]+", p.name))
    return out


def locate(iface: str, root: Path = Path("/")) -> Target:
    """Which system brings IFACE up here, and in which file. An existing stanza or .network file wins; else
    ifupdown when /etc/network/interfaces exists (interfaces.d/IFACE, if that directory is sourced), else
    networkd when /etc/systemd/network exists; else none (doctor only prints what to write)."""
    etc = root / "etc"
    main = etc / "network" / "interfaces"
    if main.exists():
        files = _sourced(main, root)
        for f in files:
            try:
                lines, _, _ = _split(f.read_bytes())
            except OSError:
                continue
            if find_stanza(lines, iface) is not None:
                return Target("ifupdown", f, exists=True, has_stanza=True)
    netdir = etc / "systemd" / "network"
    if netdir.is_dir():
        for f in sorted(netdir.glob("*.network")):
            try:
                text = f.read_bytes().decode("latin-1")
            except OSError:
                continue
            if re.search(r"(?m)^\s*Name\s*=\s*(?:\S*\s)*?" + re.escape(iface) + r"(?:\s|$)", text) or (
                    "[CAN]" in text and re.search(r"(?m)^\s*Name\s*=\s*can\*", text)):
                links = sorted(netdir.glob(f"*{iface}*.link")) or sorted(netdir.glob("*can*.link"))
                link = links[0] if links else netdir / f"80-{iface}.link"
                return Target("networkd", f, exists=True, link_path=link)
    if main.exists():
        d = etc / "network" / "interfaces.d"
        path = d / iface
        sources = _sourced(main, root)
        note = ""
        if d.is_dir() and not any(p.parent == d for p in sources) and "interfaces.d" not in main.read_bytes().decode("latin-1"):
            note = f"/etc/network/interfaces does not source interfaces.d: add `source /etc/network/interfaces.d/*` to it, or ifupdown never reads {path}"
        return Target("ifupdown", path, exists=path.exists(), note=note)
    if netdir.is_dir():
        return Target("networkd", netdir / f"80-{iface}.network", link_path=netdir / f"80-{iface}.link")
    return Target("none")
