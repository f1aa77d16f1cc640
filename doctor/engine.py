"""The rule engine: facts in, ranked findings out. Pure: no I/O, no printing."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any, Callable, Iterable

from jmespath.exceptions import JMESPathError

from doctor import derive, gate
from doctor import facts as factmod
from doctor.findings import Finding, sort_key
from doctor.parsers._common import BARE_VERDICT
from doctor.knowledge import OPTIONS, Entry, When, load, search

MAX_EVIDENCE = 6
GATE = True  # skip a condition whose literals the facts do not hold (doctor/gate.py); off only to check the gate itself
_NEEDS: dict[str, Any] = {}  # condition text -> what it needs (doctor/gate.py), read once per process
CONDITION_ERRORS: list[tuple[str, str, str]] = []  # (id, expression, error) of conditions that failed at run time
_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def evaluate(facts: dict[str, Any], entries: Iterable[Entry] | None = None) -> list[Finding]:
    """Judge a snapshot against the knowledge base; findings ranked, first = the diagnosis."""
    entries = load(strict=False) if entries is None else list(entries)
    view = dict(facts)
    errors: list[dict[str, Any]] = []
    view["derived"] = derive.derive(facts, errors)
    if errors:  # a deriver that failed is recorded in the snapshot like a parser that failed (once per failure)
        recorded = facts.get("parse_errors")
        if not isinstance(recorded, list):
            recorded = facts["parse_errors"] = []
        recorded.extend(e for e in errors if e not in recorded)
        view["parse_errors"] = recorded
    atoms = _atoms(entries, view) if GATE else None
    findings: list[Finding] = []
    quoted: Finding | None = None  # GEN001 from a form that names no cause (`resemble = true`): a resemblance may go first
    for entry in entries:
        best = None if entry.fallback else _best_match(entry, view, atoms=atoms)
        if best is not None:
            findings.append(_finding(entry, best[0], best[1], view))
    if not any(f.severity in ("error", "warning") for f in findings):
        # the fallback phase, only when nothing else explains the text (no error or warning finding), on the failure
        # lines no other finding quotes as its evidence: first the entries' `fallback` conditions (what an unexplained
        # line's own words say: derived.failure_cues), then a fallback entry (GEN001) on the lines still unexplained
        explained = {text for f in findings for _, text in f.evidence}
        explained.update(_verdicts_after(findings, view))

        def unexplained(result: Any) -> Any:
            if not isinstance(result, list):
                return result
            return [m for m in result if not (isinstance(m, dict) and str(m.get("line", "")).rstrip() in explained)]

        named = {f.id for f in findings}
        cued = []
        for entry in entries:
            if not entry.fallback and entry.id not in named and any(w.fallback for w in entry.when):
                best = _best_match(entry, view, unexplained, fallback=True, atoms=atoms)
                if best is not None:
                    cued.append(_finding(entry, best[0], best[1], view))
        findings.extend(cued)
        # (trim s22) a wrapper's bare verdict below a line a cue explains is that cue's, as below a finding's line
        explained.update(_verdicts_after(cued, view))
        cued_lines = {text for f in cued for _, text in f.evidence}
        surest_cue = max((f.confidence for f in cued), default=0.0)
        for entry in entries:
            best = _best_match(entry, view, unexplained, atoms=atoms) if entry.fallback else None
            if best is not None and cued_lines and best[0].confidence <= surest_cue:
                # what GEN001 knows of a particular message (a named situation, surer than a cue) keeps its lines; its
                # generic quote leaves the lines a cue already names
                explained.update(cued_lines)
                best = _best_match(entry, view, unexplained, atoms=atoms)
            if best is not None:
                findings.append(_finding(entry, best[0], best[1], view))
                if best[0].resemble:
                    quoted = findings[-1]
    by_id = {e.id: e for e in entries}
    _apply_supersedes(findings, by_id)
    findings.sort(key=sort_key)
    _resembles(findings, view, by_id, quoted)
    return findings


def _resembles(findings: list[Finding], view: dict[str, Any], by_id: dict[str, Entry], quoted: Finding | None) -> None:
    """Where no rule names a cause, the cause the nearest resolved threads share goes first, said as a resemblance with
    those threads as its evidence and no automatic action (doctor/resemblance.py; docs/architecture.md "What a text
    resembles"). No rule names a cause: GEN001 is first from a form that only quotes (`resemble = true`: not one of its
    named situations), or there is no error or warning at all and either no parser recognised a tool's output in the
    text (a warning: the person's words alone) or no rule found anything in the tools' runs it read (a note: a healthy
    run reads like the same run on a board that still misbehaves, so it is never a warning; where a rule read a state
    as a note, that reading stands)."""
    words = (view.get("text") or {}).get("words") if isinstance(view.get("text"), dict) else None
    if not words or not isinstance(words, list):
        return
    failed = bool(findings) and findings[0] is quoted
    if failed:
        if not _unknown_lines(view):
            return  # every line GEN001 quotes is a message a table knows, left to GEN001 on purpose (as for the failure cues)
        read = False  # (only the silent readings ask whether a tool's run was read)
    else:
        if any(f.severity in ("error", "warning") for f in findings):
            return  # a rule names a failure
        read = _tools_read(view)
        if read and findings:
            return  # the state (a note) a rule read from a tool's run stands
    from doctor import resemblance

    found = resemblance.guess([w for w in words if isinstance(w, str)], failed=failed)
    entry = by_id.get(found["id"]) if found else None
    if found is None or entry is None or any(f.id == entry.id for f in findings):
        return
    near = found["neighbours"]
    count = len(near)
    # (s24) a tool's run read whole and showing no failure: the resemblance is a note for a board that still
    # misbehaves, never a warning on a healthy log; after a failure, or on a person's words alone, a warning
    similar = f"({count} of the {resemblance.K} nearest, similarity up to {near[0]['similarity']:.2f})"
    if read:
        message = (
            f"Nothing in this text reads as a failure doctor knows. If the board still misbehaves: the resolved "
            f"threads most like this text were resolved as {entry.id} {similar}. A cause by resemblance, not a "
            "recognised message: compare your case with those threads."
        )
    else:
        message = (
            f"No rule of doctor's explains this text, but the resolved threads most like it were resolved as {entry.id} "
            f"{similar}. A likely cause by resemblance, not a recognised message: compare your case with those threads."
        )
    remediation = _format_remediation(entry.remediation, {}, view)
    if remediation.get("commands"):
        # (s25) a resemblance guesses a cause from similar threads: its fix is said in words, never as commands to copy.
        # The entry's commands include erases, unlocks and flashes (SWD006's RDP unlock, KAT001's mass erase) that
        # only a recognised message may offer; a rule that names the cause shows them with its finding
        remediation["commands"] = []
    if remediation.get("text"):
        remediation["text"] = f"If your case is one of those threads' kind: {remediation['text']}"
    findings.insert(
        0,
        Finding(
            id=entry.id,
            slug=entry.slug,
            severity="info" if read else "warning",
            confidence=round(0.3 + 0.4 * float(found["share"]), 2),
            title=entry.title,
            message=message,
            evidence=[
                ("text.resembles", f"{n['source'] or n['case']} (resolved as {entry.id}, similarity {n['similarity']:.2f})")
                for n in near
            ],
            explanation=entry.explanation,
            remediation=remediation,
            actions=[],  # a resemblance never plans a flash, an erase or a reboot
            links=list(entry.links) + [n["source"] for n in near if str(n["source"]).startswith(("https://", "http://"))],
            ask=_format(entry.ask, {}, view) if entry.ask else None,
            alternatives=list(entry.alternatives),
            rank=entry.rank,
        ),
    )


_BARE_VERDICT = BARE_VERDICT  # (framing s21) doctor/parsers/_common.py
_LABEL_AT = re.compile(r"^(.*):(\d+)(?:\s.*)?$")


def _verdicts_after(findings: list[Finding], view: dict[str, Any]) -> set[str]:
    """(framing s21) The bare verdicts (_BARE_VERDICT) of a text, below a line of the same text a finding quotes: the
    wrapper only reports that the tool whose output that finding reads exited non-zero (dfu-util's status error after
    the leave request, DFU001, ends in "exit status 74", "[FAILED] Took", "Make finished with errors"); the finding is
    its explanation, and GEN001 does not quote the frame instead of the cause."""
    quoted: dict[str, list[int]] = {}  # source -> the lines findings quote
    for f in findings:
        for label, _ in f.evidence:
            m = _LABEL_AT.match(label)
            if m:
                quoted.setdefault(m.group(1), []).append(int(m.group(2)))
    if not quoted:
        return set()
    # (trim s22) a shell prompt with a command (text.prompts) between the quoted line and the verdict: the verdict is
    # another command's, which the finding does not explain
    text = view.get("text")
    prompts: dict[str, list[int]] = {}
    for p in (text.get("prompts") or []) if isinstance(text, dict) else []:
        if isinstance(p, dict) and isinstance(p.get("lineno"), int):
            prompts.setdefault(str(p.get("source")), []).append(p["lineno"])

    def credited(src: str, lineno: int) -> bool:
        above = [n for n in quoted.get(src, ()) if n < lineno]
        return bool(above) and not any(max(above) < n < lineno for n in prompts.get(src, ()))

    records: list[tuple[Any, Any, Any]] = []  # (source, lineno, line): the failure scan's lines and the runs' events
    for name, ns in view.items():
        if not isinstance(ns, dict) or name == "derived":
            continue
        if name == "text":
            records.extend((r.get("source"), r.get("lineno"), r.get("line")) for r in ns.get("failures") or [] if isinstance(r, dict))
        for run in ns.get("runs") or []:
            if isinstance(run, dict):
                records.extend((e.get("source") or run.get("source"), e.get("lineno"), e.get("line"))
                               for e in run.get("events") or [] if isinstance(e, dict) and e.get("fail"))
    out: set[str] = set()
    for src, lineno, line in records:
        if isinstance(line, str) and isinstance(lineno, int) and credited(str(src), lineno) and _BARE_VERDICT.match(line):
            out.add(line.rstrip())
    return out


_WANTS: dict[tuple[int, ...], tuple[list[Entry], gate.Wants]] = {}  # by the entries' identities (kept alive here)


def _atoms(entries: list[Entry], view: dict[str, Any]) -> set[tuple[str, str]]:
    """The literal atoms and fact paths these facts hold, of those the entries' conditions test (doctor/gate.py)."""
    key = tuple(map(id, entries))
    known = _WANTS.get(key)
    if known is None:
        missing = {w.expr: w.compiled for e in entries for w in e.when if w.expr not in _NEEDS}
        if missing:
            _NEEDS.update(gate.needs(missing, OPTIONS))
        if len(_WANTS) >= 8:  # a few sets of entries at most (tests make their own): the oldest goes
            _WANTS.pop(next(iter(_WANTS)))
        known = _WANTS[key] = (list(entries), gate.Wants(_NEEDS[w.expr] for e in entries for w in e.when))
    return gate.present(view, known[1])


def _best_match(
    entry: Entry, view: dict[str, Any], keep: Callable[[Any], Any] | None = None, fallback: bool = False,
    atoms: set[tuple[str, str]] | None = None,
) -> tuple[When, Any] | None:
    """The entry's surest matching condition and its result (`keep` filters the result first), or None. A fallback
    entry's conditions are all read together; another entry's `fallback` conditions only when `fallback` is asked
    for (the fallback phase), its others only when it is not."""
    best: tuple[When, Any] | None = None
    for when in entry.when:
        if when.fallback != fallback and not entry.fallback:
            continue
        if atoms is not None:
            for group in _NEEDS[when.expr]:  # gate.holds, inline: this loop runs a thousand times per text
                if atoms.isdisjoint(group):
                    break
            else:
                group = None
            if group is not None:
                continue  # it cannot match these facts: its search would give a falsy result
        try:
            result = search(when.compiled, view)
        except JMESPathError as exc:
            # A condition that does not fit these facts (e.g. length(null)) judges nothing; the rest
            # of the diagnosis goes on. tests/test_knowledge.py runs every condition against every
            # example snapshot so such a condition is caught before it ships.
            CONDITION_ERRORS.append((entry.id, when.expr, str(exc)))
            continue
        if keep is not None:
            result = keep(result)
        if _truthy(result) and (best is None or when.confidence > best[0].confidence):
            best = (when, result)
    return best


def _truthy(result: Any) -> bool:
    if result is None or result is False:
        return False
    if isinstance(result, (list, dict, str)):
        return len(result) > 0
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        return result != 0
    return True


def _matches(result: Any) -> list[Any]:
    if isinstance(result, list):
        out: list[Any] = []
        for item in result:
            if isinstance(item, list):
                out.extend(item)
            elif item is not None:
                out.append(item)
        return out
    return [result]


def _finding(entry: Entry, when: When, result: Any, view: dict[str, Any]) -> Finding:
    matches = _matches(result)
    first = next((m for m in matches if isinstance(m, dict)), {})
    template = when.message or entry.message or entry.title
    ask = when.ask or entry.ask
    answered = None
    if ask:
        for answer in entry.answers:
            found = _matches(search(answer.compiled, view))
            if found:
                answered = _format(answer.says, next((m for m in found if isinstance(m, dict)), first), view)
                ask = None
                break
    return Finding(
        id=entry.id,
        slug=entry.slug,
        severity=when.severity or entry.severity,
        confidence=when.confidence,
        title=entry.title,
        message=_format(template, first, view),
        evidence=_evidence(when.expr, matches),
        explanation=entry.explanation,
        # (s22) the form that fired may carry its own fix and actions (another bootloader, tool or OS than the entry's)
        remediation=_format_remediation(entry.remediation if when.remediation is None else when.remediation, first, view),
        actions=[dict(a) for a in (entry.actions if when.actions is None else when.actions)],
        links=list(entry.links),
        ask=_format(ask, first, view) if ask else None,
        answered=answered,
        alternatives=list(entry.alternatives),
        rank=entry.rank,
    )


def _unknown_lines(view: dict[str, Any]) -> bool:
    """Whether a line GEN001 quotes is no message of any parser's table (derive._event_lines): a known message that no
    entry explained was left to GEN001 by what the entries' conditions know, and a resemblance must not overrule it."""
    known = derive._event_lines(view) | _nested_event_lines(view)
    unexplained = (view.get("derived") or {}).get("unexplained_failures") or []
    return any(isinstance(u, dict) and isinstance(u.get("line"), str) and u["line"].strip() not in known for u in unexplained)


def _nested_event_lines(view: dict[str, Any]) -> set[str]:
    """Event lines kept deeper than a namespace's runs (klippy's `klipper.log.events`, a build's runs), as
    derive._event_lines reads them at the top: a parser's table knew the line."""
    out: set[str] = set()

    def walk(node: Any, depth: int) -> None:
        if depth > 4 or not isinstance(node, dict):
            return
        for key, value in node.items():
            if key == "events" and isinstance(value, list):
                out.update(line for line in map(derive.known_line, value) if line is not None)
            elif isinstance(value, dict):
                walk(value, depth + 1)
            elif isinstance(value, list) and key == "runs":
                for run in value:
                    walk(run, depth + 1)

    for name, ns in view.items():
        if name not in ("claims", "text", "derived", "sources") and isinstance(ns, dict):
            walk(ns, 0)
    return out


def _tools_read(view: dict[str, Any]) -> bool:
    """Whether a parser other than a reader of a person's words (claims, *-claims, *-prose-*) recognised a block. (s24) A
    tool's parser that read only a person's sentences in this text (all its events `said_*`: uf2-drive's "dragged the UF2
    onto the drive", "it is for RP2350") read no tool's run either."""
    said = _said_only(view)
    return any(not (tool == "claims" or tool.endswith("-claims") or "-prose" in tool or tool in said) for tool in factmod.recognised(view))


def _said_only(view: dict[str, Any]) -> set[str]:
    """The tools whose runs in this text hold events and only a person's statements (kinds `said_*`)."""
    kinds: dict[str, set[str]] = {}
    for ns in view.values():
        if not isinstance(ns, dict):
            continue
        for run in ns.get("runs") or []:
            if isinstance(run, dict) and isinstance(run.get("tool"), str):
                got = kinds.setdefault(run["tool"], set())
                got.update(str(e.get("kind")) for e in run.get("events") or [] if isinstance(e, dict))
    return {tool for tool, got in kinds.items() if got and all(k.startswith("said_") for k in got)}


_SHELL_PLAIN = re.compile(r"[\w./:@%+=,~-]+")


def _format(template: str, match: dict[str, Any], view: dict[str, Any], for_shell: bool = False) -> str:
    """Fill {field} from the first match (then from the host's user). A field the facts do not hold becomes
    a visible slot for the person to fill, never a raw brace: <field name> in prose, FIELD_NAME in a command
    (one plain shell word: `<serial>` copied into a shell would be a redirection).

    for_shell (a command the user may copy into a shell): a value from the facts is one shell word,
    quoted unless it is plainly safe, so a pasted interface name `can0;reboot` stays a name. Prose names commands in
    `backticks` ("does `sudo fuser -v {port}` name it?"): each backticked span is filled as a command, so a pasted
    port name `/dev/ttyUSB0; rm -rf ~` reaches the reader as one quoted word there, never as a second command."""
    if not for_shell and "`" in template:
        parts = template.split("`")
        if len(parts) % 2 == 1:  # balanced: the odd parts are inside backticks
            return "`".join(_format(part, match, view, for_shell=bool(i % 2)) for i, part in enumerate(parts))
    user = ((view.get("host") or {}).get("user") or {}).get("name")

    def word(value: str) -> str:
        if not for_shell or _SHELL_PLAIN.fullmatch(value):
            return value
        return shlex.quote(value)

    def repl(m: re.Match[str]) -> str:
        key = m.group(1)
        if key in match and match[key] is not None:
            value = match[key]
            if isinstance(value, list):
                return (" " if for_shell else ", ").join(word(str(v)) for v in value)
            return word(str(value))
        if key == "user" and user:
            return word(str(user))
        return key.upper() if for_shell else "<" + key.replace("_", " ") + ">"

    return _FIELD.sub(repl, template)


def _app_address(view: dict[str, Any]) -> str | None:
    """Where the Klipper build on this host (or the pasted .config) starts: what a suggested flash command
    writes at, instead of the <APP_ADDRESS> slot the entry leaves for the person to fill."""
    config = (view.get("klipper") or {}).get("config") or {}
    address = config.get("application_address") if isinstance(config, dict) else None
    return f"0x{address:08x}" if isinstance(address, int) and not isinstance(address, bool) and address > 0 else None


def _format_remediation(rem: dict[str, Any], match: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    address = _app_address(view)

    def fill(text: str, for_shell: bool = False) -> str:
        text = _format(text, match, view, for_shell=for_shell)
        return text.replace("<APP_ADDRESS>", address) if address else text

    for key, value in rem.items():
        if isinstance(value, str):
            out[key] = fill(value)
        elif isinstance(value, list):
            out[key] = [fill(v, for_shell=(key == "commands")) if isinstance(v, str) else v for v in value]
        else:
            out[key] = value
    return out


_SUMMARY_KEYS = (
    "vid", "pid", "role_name", "manufacturer", "product", "device", "name", "state", "bitrate", "txqueuelen",
    "group", "mode", "holders", "configured", "near", "value", "reason",
)


def _evidence(expr: str, matches: list[Any]) -> list[tuple[str, str]]:
    ns = re.match(r"[a-z_]+(?:\.[a-z_]+)?", expr)
    default_path = ns.group(0) if ns else "facts"
    out: list[tuple[str, str]] = []
    for m in matches[:MAX_EVIDENCE]:
        if isinstance(m, dict) and not m.get("line") and isinstance(m.get("events"), list):
            # a whole run matched: quote its last lines (where tools print what went wrong), not a summary
            quoted = [e for e in m["events"] if isinstance(e, dict) and e.get("line")][-3:]
            for e in quoted:
                where = str(e.get("source") or m.get("source") or default_path)
                out.append((f"{where}:{e['lineno']}" if e.get("lineno") else where, str(e["line"]).rstrip()))
            if quoted:
                continue
        if isinstance(m, dict):
            if m.get("line"):
                where = m.get("source") or default_path
                if m.get("lineno"):
                    where = f"{where}:{m['lineno']}"
                if isinstance(m.get("repeats"), int) and m["repeats"] > 1:  # identical events folded by facts.collapse_repeats
                    where = f"{where} (×{m['repeats']}" + (f", last at line {m['last_lineno']})" if m.get("last_lineno") else ")")
                out.append((str(where), str(m["line"]).rstrip()))
            else:
                summary = {k: m[k] for k in _SUMMARY_KEYS if m.get(k) not in (None, "", [])}
                out.append((default_path, json.dumps(summary or m, default=str, separators=(", ", ": "))[:300]))
        elif m is True:
            out.append((default_path, "true"))
        else:
            out.append((default_path, str(m)[:300]))
    return _fold(out)[:MAX_EVIDENCE]


def _fold(evidence: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The same line quoted again (a log repeating one error) is shown once, with how many times."""
    seen: dict[str, int] = {}
    out: list[list[str]] = []
    counts: list[int] = []
    for where, line in evidence:
        k = seen.get(line)
        if k is None:
            seen[line] = len(out)
            out.append([where, line])
            counts.append(1)
        else:
            counts[k] += 1
    return [(w if n == 1 or "×" in w else f"{w} (and {n - 1} more time{'s' if n > 2 else ''})", line) for (w, line), n in zip(out, counts)]


def _apply_supersedes(findings: list[Finding], entries: dict[str, Entry]) -> None:
    by_id = {f.id: f for f in findings}
    for f in findings:
        for sub in entries[f.id].supersedes:
            other = by_id.get(sub)
            if other is not None and other.secondary_to is None and f.id not in entries[sub].supersedes:
                other.secondary_to = f.id


def exit_code(findings: list[Finding]) -> int:
    from doctor.status import ExitCode

    severities = {f.severity for f in findings}
    if "error" in severities:
        return ExitCode.FAULTS
    if "warning" in severities:
        return ExitCode.WARNINGS
    return ExitCode.OK
