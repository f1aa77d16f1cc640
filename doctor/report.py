"""The forum report: Markdown that renders on GitHub and Discourse, plus the JSON snapshot, redacted.

Redaction replaces serial numbers, user and host names, home paths, IP and MAC addresses with
stable placeholders (the same value always gets the same placeholder, so a reader can still see
that two by-id links name the same board). Pure: facts and findings in, text out.
"""

from __future__ import annotations

import json
import re
from typing import Any

from doctor import __version__
from doctor.findings import Finding

_IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])")
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){2,7}:?[0-9A-Fa-f]{1,4}(?![0-9A-Fa-f:])|(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:)+:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?![0-9A-Fa-f:])")
_MAC = re.compile(r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:])")
_HOME = re.compile(r"/home/([A-Za-z0-9._-]+)")
# Serial numbers inside text: by-id names, dfu-util's serial="...", st-info's "serial:", kernel "SerialNumber:".
_SERIAL_PATTERNS = (
    re.compile(r"usb-[A-Za-z0-9.]+_[A-Za-z0-9.]+?_([0-9A-Za-z]{6,})-if\d"),
    re.compile(r'serial="([^"]{4,})"'),
    re.compile(r"\bserial:\s+([0-9A-Fa-f]{8,})"),
    re.compile(r"\bSerialNumber:\s+(\S{6,})"),
    re.compile(r"\biSerial\s+\d+\s+(\S{6,})"),
)
_JOURNAL_HOST = re.compile(r"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S+) ", re.M)
_NOT_SERIALS = {"000000000000", "12345", "0000"}


class Redactor:
    """Collects the private values of a snapshot and replaces them everywhere with stable placeholders."""

    def __init__(self) -> None:
        self.mapping: dict[str, str] = {}
        self._counts: dict[str, int] = {}

    def _placeholder(self, kind: str, value: str) -> str:
        if value not in self.mapping:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            n = self._counts[kind]
            self.mapping[value] = f"<{kind}>" if kind in ("user", "host") and n == 1 else f"<{kind}-{n}>"
        return self.mapping[value]

    def learn(self, facts: dict[str, Any]) -> None:
        """Find the values to hide: the user, the host name, every serial number the facts carry."""
        host = facts.get("host") or {}
        user = (host.get("user") or {}).get("name")
        if user and user not in ("root",) and len(user) >= 2:
            self._placeholder("user", user)
        hostname = host.get("hostname")
        if hostname and len(hostname) >= 2 and hostname not in ("localhost",):
            self._placeholder("host", hostname)
        for text in _strings(facts):
            for pattern in _SERIAL_PATTERNS:
                for m in pattern.finditer(text):
                    self._serial(m.group(1))
            for m in _JOURNAL_HOST.finditer(text):
                if m.group(1) not in ("kernel",):
                    self._placeholder("host", m.group(1))
            for m in _HOME.finditer(text):
                self._placeholder("user", m.group(1))
        for dev in (facts.get("usb") or {}).get("devices") or []:
            self._serial(dev.get("serial"))
        for port in (facts.get("serial") or {}).get("ports") or []:
            self._serial(((port.get("usb") or {}).get("serial")))

    def _serial(self, value: Any) -> None:
        if isinstance(value, str) and len(value) >= 4 and value not in _NOT_SERIALS:
            self._placeholder("serial", value)

    def text(self, value: str) -> str:
        for secret in sorted(self.mapping, key=len, reverse=True):
            if secret in value:
                if self.mapping[secret].startswith("<user") or self.mapping[secret].startswith("<host"):
                    value = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", self.mapping[secret], value)
                else:
                    value = value.replace(secret, self.mapping[secret])
        value = _MAC.sub(lambda m: self._placeholder("mac", m.group(0).lower()), value)
        value = _IPV4.sub(lambda m: m.group(0) if m.group(0).startswith(("127.", "0.")) else self._placeholder("ip", m.group(0)), value)
        value = _IPV6.sub(lambda m: m.group(0) if m.group(0) in ("::1", "::") or not _looks_ipv6(m.group(0)) else self._placeholder("ip", m.group(0)), value)
        return value

    def apply(self, obj: Any) -> Any:
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, list):
            return [self.apply(x) for x in obj]
        if isinstance(obj, tuple):
            return tuple(self.apply(x) for x in obj)
        if isinstance(obj, dict):
            return {self.text(k) if isinstance(k, str) else k: self.apply(v) for k, v in obj.items()}
        return obj


def _looks_ipv6(text: str) -> bool:
    # times (12:34:56) and hex dumps are not addresses: want at least one '::' or 8 groups, and a hex letter or long group
    groups = text.split(":")
    return ("::" in text or len(groups) == 8) and any(len(g) >= 3 or re.search(r"[a-fA-F]", g) for g in groups if g)


def _strings(obj: Any) -> list[str]:
    out: list[str] = []

    def walk(o: Any) -> None:
        if isinstance(o, str):
            out.append(o)
        elif isinstance(o, dict):
            for k, v in o.items():
                if isinstance(k, str):
                    out.append(k)
                walk(v)
        elif isinstance(o, (list, tuple)):
            for x in o:
                walk(x)

    walk(obj)
    return out


def redact(facts: dict[str, Any], findings: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    r = Redactor()
    r.learn(facts)
    out_facts = r.apply(facts)
    out_facts["redacted"] = True
    return out_facts, r.apply(findings)


_LABEL = {"error": "FAULT", "warning": "WARNING", "info": "INFO"}


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fence(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def markdown(facts: dict[str, Any], findings: list[dict[str, Any]]) -> str:
    """The report as Markdown (GitHub and Discourse both render <details>)."""
    host = facts.get("host") or {}
    lines = ["## doctor report", ""]
    meta = [f"doctor {facts.get('doctor_version', __version__)}", f"mode: {facts.get('mode', '?')}"]
    if (host.get("os") or {}).get("pretty_name"):
        meta.append(host["os"]["pretty_name"])
    if host.get("kernel"):
        meta.append(f"kernel {host['kernel']}")
    if facts.get("created"):
        meta.append(facts["created"])
    lines += [" · ".join(meta), ""]
    lines += ["### Diagnosis", ""]
    if not findings:
        lines += ["No faults found.", ""]
    for i, f in enumerate(findings, start=1):
        label = _LABEL.get(f["severity"], f["severity"])
        lines.append(f"{i}. **{label} {f['id']}** `{f['slug']}` ({f['confidence']:.0%}): {f['message']}")
        for ev in f.get("evidence") or []:
            lines.append(f"   - `{ev['path']}`: `{str(ev['value']).replace('`', chr(39))}`")
        if f.get("ask"):
            lines.append(f"   - To tell apart: {f['ask']}")
        rem = f.get("remediation") or {}
        if rem.get("text"):
            lines.append(f"   - Fix: {_md_escape(rem['text'])}")
        for cmd in rem.get("commands") or []:
            lines.append(f"     `{cmd}`")
    lines.append("")
    devices = [d for d in (facts.get("usb") or {}).get("devices") or [] if d.get("kind") != "hub"]
    if devices:
        lines += ["### USB devices", "", "| ID | Role | Product | Where | Access |", "|---|---|---|---|---|"]
        for d in devices:
            where = ", ".join(d.get("ttys") or d.get("netdevs") or []) or d.get("port_path") or ""
            access = {True: "ok", False: "denied"}.get(d.get("can_open"), "?")
            product = " ".join(x for x in (d.get("manufacturer"), d.get("product")) if x)
            lines.append(
                f"| {d.get('vid')}:{d.get('pid')} | {_md_escape(d.get('role_name') or d.get('role') or 'unknown')} "
                f"| {_md_escape(product)} | {_md_escape(where)} | {access} |"
            )
        lines.append("")
    ports = (facts.get("serial") or {}).get("ports") or []
    if ports:
        lines += ["### Serial ports", "", "| Port | Kind | By id | Group | Held by |", "|---|---|---|---|---|"]
        for p in ports:
            holders = ", ".join(f"{h.get('comm')} ({h.get('pid')})" for h in p.get("holders") or []) or "-"
            by_id = ", ".join(s.rsplit("/", 1)[-1] for s in p.get("by_id") or [])
            lines.append(f"| {p.get('device')} | {p.get('kind')} | {_md_escape(by_id)} | {p.get('group') or ''} | {_md_escape(holders)} |")
        lines.append("")
    raw = list(_raw_outputs(facts))
    if raw:
        lines += ["<details><summary>Raw tool outputs (" + str(len(raw)) + ")</summary>", ""]
        for title, text in raw:
            lines += [f"**{title}**", "", _fence(text), ""]
        lines += ["</details>", ""]
    events = (facts.get("kernel") or {}).get("events") or []
    if events:
        lines += ["<details><summary>Kernel log, USB lines (" + str(len(events)) + ")</summary>", ""]
        lines += [_fence("\n".join(e.get("line", "") for e in events[-200:])), "", "</details>", ""]
    lines += [
        "<details><summary>Facts snapshot</summary>",
        "",
        "Attached as JSON (`doctor replay FILE.json` gives the same diagnosis).",
        "",
        "</details>",
        "",
    ]
    return "\n".join(lines)


def _raw_outputs(facts: dict[str, Any]) -> Any:
    for run in facts.get("tool_runs") or []:
        text = (run.get("stdout") or "") + (run.get("stderr") or "")
        if text.strip():
            yield " ".join(run.get("argv") or [run.get("tool", "?")]) + f" (exit {run.get('returncode')})", text[:20000]
    for ns, value in facts.items():
        if not isinstance(value, dict):
            continue
        for run in value.get("runs") or []:
            if run.get("origin") == "live" and (run.get("stdout") or run.get("stderr")):
                text = (run.get("stdout") or "") + (run.get("stderr") or "")
                yield " ".join(run.get("argv") or [run.get("tool", ns)]) + f" (exit {run.get('returncode')})", text[:20000]


def to_json(facts: dict[str, Any], findings: list[dict[str, Any]]) -> str:
    return json.dumps({"findings": findings, "snapshot": facts}, indent=2, default=str) + "\n"
