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

# --- what is private, recognised by its value ------------------------------------------------------------------
# Values learned from where they stand (a by-id name, `serial=`, /home/NAME, a prompt, `api_key=`, the facts'
# own fields) are then replaced everywhere, in every letter case and across line wraps; values that are
# private whatever their place (MAC and IP addresses, e-mail addresses, 12-hex CAN UUIDs) by their shape.

_WRAP = r"(?:\r?\n[ \t>]*)?"  # a line break (and a quote or indent) where a long value was wrapped
_IPV4 = re.compile(r"(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w.]|\.\d)")
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){2,7}:?[0-9A-Fa-f]{1,4}(?![0-9A-Fa-f:])|(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:)+:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?![0-9A-Fa-f:])")
_MAC = re.compile(
    r"(?<![0-9A-Fa-f:.-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}"  # b8:27:eb:11:22:33, b8-27-...
    r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Fa-f:.-]|\.[0-9A-Fa-f])"  # b827.eb11.2233
)
_HEX12 = re.compile(r"(?<![0-9A-Za-z])(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{12}(?![0-9A-Za-z])")  # b827eb445566, a CAN UUID
_MAC_CONTEXT = re.compile(r"(?i)(?:link/ether|\bether|\bhwaddr|\bmac(?:[ _-]?addr(?:ess)?)?\s*[:=]?)\s+([0-9a-f]{2}(?:[:.-]?[0-9a-f]{2}){5})(?![0-9a-f])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])")
_HOME = re.compile(r"(?i)(?:/home/|/Users/|[A-Za-z]:[\\/]+Users[\\/]+|\\\\Users\\\\|/var/home/)([A-Za-z0-9._-]{1,64})")
_PROMPT = re.compile(r"(?<![\w.@-])([a-z_][a-z0-9_-]{0,31})@([A-Za-z0-9][A-Za-z0-9-]{0,62})(?=:|\s|\$|#|$)", re.M)
_JOURNAL_HOST = re.compile(r"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S{1,64}) ", re.M)
_SERIAL_PATTERNS = (
    # /dev/serial/by-id names of any product (underscores in the product too): the last token before -ifNN
    re.compile(r"usb-[^\s/'\"`<>]{0,200}_([0-9A-Za-z]{4,64})-if\d{1,3}"),
    re.compile(r"(?i)(?<![A-Za-z])serial\s*=\s*\"([^\"\s]{4,64})\""),  # dfu-util serial="..."
    re.compile(r"(?i)(?<![A-Za-z])(?:iserial\s+\d+\s+|(?:i?serial|sn)(?:[ _-]?(?:number|no|num))?\s*[:=]\s*[\"']?)([0-9A-Za-z][0-9A-Za-z._-]{3,63})"),
    re.compile(r"(?i)\bVID_[0-9A-F]{4}&PID_[0-9A-F]{4}\\([0-9A-Za-z&]{6,64})"),  # Windows instance ids
)
_UUID_PATTERNS = (re.compile(r"(?i)\b(?:canbus_)?uuid\s*[:=]?\s*[\"']?([0-9a-f]{12})\b"),)
_SECRET_KEY = r"(?:x-api-key|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|refresh[_-]?token|token|secret|client[_-]?secret|password|passwd|pwd|passphrase|wpa[_-]?passphrase|psk|ssid|wifi[_-]?(?:password|ssid|name)|bearer)"
_SECRET_TEXT = (
    re.compile(rf"(?i)(?<![\w-]){_SECRET_KEY}(?![\w-])\s*[\"']?\s*[:=]\s*\"([^\"\n]{{1,200}})\""),
    re.compile(rf"(?i)(?<![\w-]){_SECRET_KEY}(?![\w-])\s*[\"']?\s*[:=]\s*'([^'\n]{{1,200}})'"),
    re.compile(rf"(?i)(?<![\w-]){_SECRET_KEY}(?![\w-])\s*[\"']?\s*[:=]\s*(?:bearer\s+)?([^\s\"',;&]{{1,200}})"),
    re.compile(r"(?i)\bauthorization\s*:\s*(?:bearer|basic|token)\s+([^\s\"',;]{4,400})"),
)
_SECRET_FIELD = re.compile(rf"(?i)^{_SECRET_KEY}$|(?:^|_)(?:api_?key|token|password|passphrase|psk|ssid|secret)$")
_SERIAL_FIELD = re.compile(r"(?i)(?:^|_)(?:i?serial(?:_?number)?|serial_no)$")
_NOT_SERIALS = {"000000000000", "0000", "12345", "none", "null", "unknown", "n/a"}
_NOT_USERS = {"root", "public", "default", "shared", "all users", "default user", "user", "users", "home", "admin", "localhost"}
_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z._:&-]*")  # one token: a serial number has no spaces
_SHORT = 4  # user and host names shorter than this are replaced only where they stand in a path or prompt


def _serial_like(value: str) -> bool:
    """A token that can be a serial number: 4 to 128 characters with a digit (all digits: at least 8)."""
    if not 4 <= len(value) <= 128 or value.lower() in _NOT_SERIALS or not _TOKEN.fullmatch(value):
        return False
    if value.isdigit():
        return len(value) >= 8
    return any(c.isdigit() for c in value)


class Redactor:
    """Collects the private values of a snapshot and replaces them everywhere with stable placeholders."""

    def __init__(self) -> None:
        self.mapping: dict[str, str] = {}  # normalised value -> placeholder
        self._counts: dict[str, int] = {}
        self._learned: dict[str, str] = {}  # value (lower-case) -> kind, replaced wherever it stands
        self._short: dict[str, str] = {}  # short user/host names: only in paths and prompts
        self._pattern: re.Pattern[str] | None = None
        self._wrapped: re.Pattern[str] | None = None

    def _placeholder(self, kind: str, value: str) -> str:
        if kind == "mac":  # one MAC, one placeholder, whichever way it is spelled
            value = re.sub(r"[^0-9a-f]", "", value.lower())
        key = f"{kind}:{value}"
        if key not in self.mapping:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            n = self._counts[kind]
            self.mapping[key] = f"<{kind}>" if kind in ("user", "host") and n == 1 else f"<{kind}-{n}>"
        return self.mapping[key]

    def _learn(self, kind: str, value: Any) -> None:
        if not isinstance(value, str):
            return
        value = value.strip()
        low = value.lower()
        if not value or len(value) > 400 or low in self._learned:
            return
        if kind in ("user", "host"):
            if low in _NOT_USERS or len(value) < 2:
                return
            if len(value) < _SHORT:
                self._short.setdefault(low, kind)
                return
        elif kind == "serial" and not _serial_like(value):
            return
        elif kind == "secret" and (len(value) < 3 or value.startswith("<")):
            return
        self._learned[low] = kind
        self._placeholder(kind, low)
        self._pattern = None

    def learn(self, facts: dict[str, Any]) -> None:
        """Find the values to hide: users, host names, serial numbers, CAN UUIDs, secrets, wherever they stand."""
        host = _obj(facts.get("host"))
        user = _obj(host.get("user"))
        self._learn("user", user.get("name"))
        if isinstance(user.get("home"), str):
            self._learn("user", user["home"].rstrip("/").rsplit("/", 1)[-1])
        self._learn("host", host.get("hostname"))
        for key, text in _fields(facts):
            if key is not None and isinstance(text, str):
                if _SERIAL_FIELD.search(key):
                    self._learn("serial", text)
                elif key.lower() in ("uuid", "canbus_uuid"):
                    self._learn("uuid", text)
                elif _SECRET_FIELD.search(key):
                    self._learn("secret", text)
            if not isinstance(text, str):
                continue
            for variant in (text, re.sub(r"\r?\n[ \t>]*", "", text)) if "\n" in text else (text,):
                self._scan(variant)

    def _scan(self, text: str) -> None:
        for pattern in _SERIAL_PATTERNS:
            for m in pattern.finditer(text):
                self._learn("serial", m.group(1))
        for pattern in _UUID_PATTERNS:
            for m in pattern.finditer(text):
                self._learn("uuid", m.group(1))
        for m in _MAC_CONTEXT.finditer(text):  # a MAC written as 12 digits is only told from a number by its place
            self._learn("mac", m.group(1))
        for pattern in _SECRET_TEXT:
            for m in pattern.finditer(text):
                self._learn("secret", m.group(1))
        if "/" in text or "\\" in text:
            for m in _HOME.finditer(text):
                self._learn("user", m.group(1))
        if "@" in text:
            for m in _PROMPT.finditer(text):
                if not _EMAIL.match(text, m.start()):
                    self._learn("user", m.group(1))
                    self._learn("host", m.group(2))
        for m in _JOURNAL_HOST.finditer(text):
            if m.group(1) not in ("kernel",):
                self._learn("host", m.group(1))

    def _compile(self) -> None:
        values = sorted(self._learned, key=len, reverse=True)
        if values:
            alts = "|".join(re.escape(v) for v in values)
            self._pattern = re.compile(rf"(?i)(?<![0-9A-Za-z])(?:{alts})(?![0-9A-Za-z])")
            long = [v for v in values if len(v) >= 8 and self._learned[v] != "secret"]
            wrapped = "|".join(_WRAP.join(re.escape(c) for c in v) for v in long)
            self._wrapped = re.compile(rf"(?i)(?<![0-9A-Za-z])(?:{wrapped})(?![0-9A-Za-z])") if long else None
        else:
            self._pattern = re.compile(r"(?!x)x")
            self._wrapped = None
        shorts = sorted(self._short, key=len, reverse=True)
        self._short_pattern = (
            re.compile(
                r"(?i)((?:/home/|/Users/|[A-Za-z]:[\\/]+Users[\\/]+|/var/home/)(?:" + "|".join(re.escape(v) for v in shorts) + r")(?=[/\\\s'\"]|$))"
                r"|(?<![\w.@-])(?:" + "|".join(re.escape(v) for v in shorts) + r")(?=@[A-Za-z0-9])"
                r"|(?<=@)(?:" + "|".join(re.escape(v) for v in shorts) + r")(?=:|\s|\$|#|$)"
            )
            if shorts else None
        )

    def _known(self, m: re.Match[str]) -> str:
        value = m.group(0).lower()
        if value not in self._learned:
            value = re.sub(r"\r?\n[ \t>]*", "", value)
        kind = self._learned.get(value)
        return self._placeholder(kind, value) if kind else m.group(0)

    def _short_sub(self, m: re.Match[str]) -> str:
        text = m.group(0)
        for sep in ("/", "\\"):
            if sep in text:
                head, name = text.rstrip(sep).rsplit(sep, 1)
                return head + sep + self._placeholder(self._short[name.lower()], name.lower())
        return self._placeholder(self._short[text.lower()], text.lower())

    def text(self, value: str) -> str:
        if self._pattern is None:
            self._compile()
        assert self._pattern is not None
        if self._short_pattern is not None:
            value = self._short_pattern.sub(self._short_sub, value)
        if self._wrapped is not None and "\n" in value:
            value = self._wrapped.sub(self._known, value)
        value = self._pattern.sub(self._known, value)
        for pattern in _SECRET_TEXT:  # a secret's value even where it was not learned (a key in another case)
            value = pattern.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + self._placeholder("secret", m.group(1).lower()) + m.group(0)[m.end(1) - m.start(0):] if not m.group(1).startswith("<") else m.group(0), value)
        if "@" in value:
            value = _EMAIL.sub(lambda m: self._placeholder("email", m.group(0).lower()), value)
        value = _MAC.sub(lambda m: self._placeholder("mac", re.sub(r"[^0-9a-f]", "", m.group(0).lower())), value)
        value = _HEX12.sub(lambda m: self._placeholder("mac", m.group(0).lower()), value)
        value = _IPV4.sub(self._ipv4, value)
        if ":" in value:
            value = _IPV6.sub(lambda m: m.group(0) if m.group(0) in ("::1", "::") or not _looks_ipv6(m.group(0)) else self._placeholder("ip", m.group(0).lower()), value)
        return value

    def _ipv4(self, m: re.Match[str]) -> str:
        parts = [int(g) for g in m.groups()]
        if any(p > 255 for p in parts) or parts[0] in (0, 127):
            return m.group(0)
        return self._placeholder("ip", ".".join(map(str, parts)))

    def apply(self, obj: Any, key: str | None = None) -> Any:
        if isinstance(obj, str):
            if key is not None and _SECRET_FIELD.search(key) and obj and not obj.startswith("<"):
                return self._placeholder("secret", obj.strip().lower())
            return self.text(obj)
        if isinstance(obj, list):
            return [self.apply(x, key) for x in obj]
        if isinstance(obj, tuple):
            return tuple(self.apply(x, key) for x in obj)
        if isinstance(obj, dict):
            return {self.text(k) if isinstance(k, str) else k: self.apply(v, k if isinstance(k, str) else None) for k, v in obj.items()}
        return obj


def _looks_ipv6(text: str) -> bool:
    # times (12:34:56) and hex dumps are not addresses: want at least one '::' or 8 groups, and a hex letter or long group
    groups = text.split(":")
    return ("::" in text or len(groups) == 8) and any(len(g) >= 3 or re.search(r"[a-fA-F]", g) for g in groups if g)


def _fields(obj: Any) -> list[tuple[str | None, Any]]:
    """Every (key, value) pair and every string of a nested structure (keys too), without recursion."""
    out: list[tuple[str | None, Any]] = []
    stack: list[tuple[str | None, Any]] = [(None, obj)]
    while stack:
        key, o = stack.pop()
        if isinstance(o, dict):
            for k, v in o.items():
                if isinstance(k, str):
                    out.append((None, k))
                stack.append((k if isinstance(k, str) else None, v))
        elif isinstance(o, (list, tuple)):
            stack.extend((key, x) for x in o)
        else:
            out.append((key, o))
    return out


def redact(facts: dict[str, Any], findings: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Facts and findings with every private value replaced; one placeholder per value in both."""
    r = Redactor()
    r.learn(facts)
    r.learn({"findings": findings})
    out_facts = r.apply(facts)
    out_facts["redacted"] = True
    return out_facts, r.apply(findings)


_LABEL = {"error": "FAULT", "warning": "WARNING", "info": "INFO"}


def _t(value: Any) -> str:
    """Any value from a snapshot as text (a hand-edited snapshot may hold a number where text was)."""
    return "" if value is None else value if isinstance(value, str) else str(value)


def _md_escape(value: Any) -> str:
    """Outside text in Markdown prose or a table cell: no table breaks, no HTML (placeholders like <serial-1> stay visible)."""
    text = _t(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")
    return _PLACEHOLDER_MD.sub(r"`<\1>`", text) if "&lt;" in text else text  # a code span shows a placeholder as written


_PLACEHOLDER_MD = re.compile(r"&lt;((?:serial|user|host|mac|ip|uuid|email|secret)(?:-\d+)?)&gt;")


def _code(value: Any) -> str:
    """Outside text in an inline code span: one line, no backtick to close it early."""
    return _t(value).replace("`", "'").replace("\r", " ").replace("\n", " ")


def _fence(text: str, lang: str = "text") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{lang}\n{text.rstrip()}\n{fence}"


def _readable(text: str) -> str:
    """A tool's output as people read it: JSON on one line (`ip -json` prints some 2,000 characters for two
    interfaces) is indented, one field a line; any other text is kept as it is."""
    head = text.lstrip()[:1]
    if head not in ("[", "{"):
        return text
    import json

    try:
        return json.dumps(json.loads(text), indent=1, ensure_ascii=False)
    except ValueError:
        return text


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def markdown(facts: dict[str, Any], findings: list[dict[str, Any]], snapshot_json: str | None = None) -> str:
    """The report as Markdown (GitHub and Discourse both render <details>). `snapshot_json`: the JSON part, put
    inside the report when there is no file beside it to attach (`-o -`)."""
    host = _obj(facts.get("host"))
    lines = ["## doctor report", ""]
    meta = [f"doctor {_md_escape(facts.get('doctor_version', __version__))}", f"mode: {_md_escape(facts.get('mode', '?'))}"]
    if _obj(host.get("os")).get("pretty_name"):
        meta.append(_md_escape(host["os"]["pretty_name"]))
    if host.get("kernel"):
        meta.append(f"kernel {_md_escape(host['kernel'])}")
    if facts.get("created"):
        meta.append(_md_escape(facts["created"]))
    lines += [" · ".join(meta), ""]
    lines += ["### Diagnosis", ""]
    if not findings:
        lines += ["No faults found.", ""]
    for i, f in enumerate(findings, start=1):
        label = _LABEL.get(_t(f.get("severity")), _md_escape(f.get("severity")))
        conf = f.get("confidence")
        conf_text = f"{conf:.0%}" if isinstance(conf, (int, float)) and not isinstance(conf, bool) else "?"
        lines.append(f"{i}. **{label} {_md_escape(f.get('id'))}** `{_code(f.get('slug'))}` ({conf_text}): {_md_escape(f.get('message'))}")
        for ev in _dicts(f.get("evidence")):
            lines.append(f"   - `{_code(ev.get('path'))}`: `{_code(ev.get('value'))}`")
        if f.get("ask"):
            lines.append(f"   - To tell apart: {_md_escape(f['ask'])}")
        rem = _obj(f.get("remediation"))
        if rem.get("text"):
            lines.append(f"   - Fix: {_md_escape(rem['text'])}")
        for cmd in rem.get("commands") or [] if isinstance(rem.get("commands"), list) else []:
            lines.append(f"     `{_code(cmd)}`")
    lines.append("")
    lines += _klipper_section(facts)
    lines += _printer_section(facts)
    devices = [d for d in _dicts(_obj(facts.get("usb")).get("devices")) if d.get("kind") != "hub"]
    if devices:
        lines += ["### USB devices", "", "| ID | Role | Product | Where | Access |", "|---|---|---|---|---|"]
        for d in devices:
            where_list = d.get("ttys") or d.get("netdevs") or []
            where = ", ".join(_t(x) for x in where_list) if isinstance(where_list, list) else _t(where_list)
            where = where or _t(d.get("port_path"))
            can_open = d.get("can_open")
            access = ("ok" if can_open else "denied") if isinstance(can_open, bool) else "?"
            product = " ".join(_t(x) for x in (d.get("manufacturer"), d.get("product")) if x)
            lines.append(
                f"| {_md_escape(d.get('vid'))}:{_md_escape(d.get('pid'))} | {_md_escape(d.get('role_name') or d.get('role') or 'unknown')} "
                f"| {_md_escape(product)} | {_md_escape(where)} | {access} |"
            )
        lines.append("")
    ports = _dicts(_obj(facts.get("serial")).get("ports"))
    if ports:
        lines += ["### Serial ports", "", "| Port | Kind | By id | Group | Held by |", "|---|---|---|---|---|"]
        for p in ports:
            holders = ", ".join(f"{_t(h.get('comm'))} ({_t(h.get('pid'))})" for h in _dicts(p.get("holders"))) or "-"
            by_id = ", ".join(_t(s).rsplit("/", 1)[-1] for s in p.get("by_id") or [] if s is not None) if isinstance(p.get("by_id"), list) else ""
            lines.append(f"| {_md_escape(p.get('device'))} | {_md_escape(p.get('kind'))} | {_md_escape(by_id)} | {_md_escape(p.get('group'))} | {_md_escape(holders)} |")
        lines.append("")
    raw = list(_raw_outputs(facts))
    if raw:
        lines += ["<details><summary>Raw tool outputs (" + str(len(raw)) + ")</summary>", ""]
        for title, text in raw:
            lines += [f"**{_md_escape(title)}**", "", _fence(_readable(text)), ""]
        lines += ["</details>", ""]
    events = _dicts(_obj(facts.get("kernel")).get("events"))
    if events:
        lines += ["<details><summary>Kernel log, USB lines (" + str(len(events)) + ")</summary>", ""]
        lines += [_fence("\n".join(line for e in events[-200:] for line in _kernel_lines(e))), "", "</details>", ""]
    if snapshot_json is None:
        snapshot = ["Attached as JSON (`doctor replay FILE.json` gives the same diagnosis)."]
    else:  # -o -: no file beside it, so the JSON is here, to be saved as FILE.json
        snapshot = ["Save this as FILE.json: `doctor replay FILE.json` gives the same diagnosis.", "", _fence(snapshot_json.rstrip("\n"), "json")]
    lines += ["<details><summary>Facts snapshot</summary>", "", *snapshot, "", "</details>", ""]
    return "\n".join(lines)


_USB_STRINGS = (("product", "Product"), ("manufacturer", "Manufacturer"), ("serial", "SerialNumber"))


def _kernel_lines(event: dict[str, Any]) -> list[str]:
    """An event's kernel line, and for a new device the Product/Manufacturer/SerialNumber lines the parser folded
    into it ("Manufacturer: katapult" tells the bootloader from the application). Their own timestamps are not
    kept, so they follow indented by the width of the first line's prefix instead of with a made-up one."""
    line = _t(event.get("line"))
    port = _t(event.get("port"))
    out = [line]
    if event.get("kind") != "usb_device_ids" or not port:
        return out
    at = line.find(f"usb {port}:")
    indent = " " * at if at > 0 else ""
    for key, name in _USB_STRINGS:
        if event.get(key):
            out.append(f"{indent}usb {port}: {name}: {_t(event[key])}")
    return out


def _klipper_section(facts: dict[str, Any]) -> list[str]:
    """What the Klipper probe read that a helper asks for first: the version klippy.log names (and each MCU's), and
    the build configs (MCU, bootloader offset, interface). printer.cfg's MCUs are in the printer section."""
    from doctor import render

    klipper = _obj(facts.get("klipper"))
    log = _obj(klipper.get("log"))
    lines: list[str] = []
    if log.get("version"):
        lines.append(f"- Klipper version (klippy.log): `{_code(log['version'])}`")
    for mcu in _dicts(log.get("mcus")):
        bits = [_t(x) for x in (mcu.get("mcu"), mcu.get("version")) if x]
        if mcu.get("name") and bits:
            lines.append(f"- MCU '{_md_escape(mcu['name'])}' (klippy.log): `{_code(' '.join(bits))}`")
    for key, label in (("config", "Klipper build"), ("katapult_config", "Katapult build")):
        cfg = _obj(klipper.get(key))
        if cfg:
            where = f" `{_code(cfg['path'])}`" if cfg.get("path") else ""
            lines.append(f"- {label}{where}: {_md_escape(render.build_text(cfg))}")
    return ["### Klipper", "", *lines, ""] if lines else []


def _printer_section(facts: dict[str, Any]) -> list[str]:
    """The printer view (render.printer_view, from the facts as given: redacted facts give redacted rows)."""
    from doctor import render

    try:
        rows = render.printer_view(facts)
    except (AttributeError, TypeError, ValueError):  # a hand-edited snapshot of the wrong shape: no view, no crash
        return []
    if not rows:
        return []
    cfg = _obj(_obj(_obj(facts.get("klipper")).get("printer_cfg"))).get("path")
    lines = ["### Printer", ""]
    if cfg:
        lines += [f"printer.cfg: `{_code(cfg)}`", ""]
    lines += ["| MCU | Reached by | Now | klippy.log last said | Build |", "|---|---|---|---|---|"]
    for row in rows:
        name = _t(row.get("name")) + (f" ({_t(row['instance'])})" if row.get("instance") else "")
        lines.append(f"| {_md_escape(name)} | {_md_escape(row.get('via'))} | {_md_escape(row.get('state'))} "
                     f"| {_md_escape(_obj(row.get('log')).get('text'))} | {_md_escape(_obj(row.get('build')).get('text'))} |")
    return lines + [""]


def _run_text(run: dict[str, Any]) -> str:
    return _t(run.get("stdout")) + _t(run.get("stderr"))


def _run_title(run: dict[str, Any], default: str) -> str:
    argv = run.get("argv")
    words = [_t(a) for a in argv] if isinstance(argv, list) and argv else [_t(run.get("tool") or default)]
    return " ".join(words) + f" (exit {_t(run.get('returncode'))})"


def _raw_outputs(facts: dict[str, Any]) -> Any:
    for run in _dicts(facts.get("tool_runs")):
        text = _run_text(run)
        if text.strip():
            yield _run_title(run, "?"), text[:20000]
    for ns, value in facts.items():
        if not isinstance(value, dict):
            continue
        for run in _dicts(value.get("runs")):
            if run.get("origin") == "live" and (run.get("stdout") or run.get("stderr")):
                yield _run_title(run, ns), _run_text(run)[:20000]


def to_json(facts: dict[str, Any], findings: list[dict[str, Any]]) -> str:
    """Strict JSON (no NaN or Infinity: such numbers become null)."""
    from doctor.snapshot_check import strict_json

    return strict_json({"findings": findings, "snapshot": facts}, indent=2) + "\n"
