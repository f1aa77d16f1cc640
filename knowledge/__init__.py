"""The knowledge base: one TOML entry per fault id, validated when loaded.

Entry format (knowledge/entries/<ID>.toml):

    id = "USB004"                 # an id of the fault catalogue (catalogue.toml, copied from shared/faults.toml)
    slug = "usb-access-denied"    # must equal the catalogue's
    severity = "error"            # error | warning | info (default for every `when`)
    title = "..."
    rank = 30                     # tie-break: lower = nearer the root cause (default 50)
    explanation = "..."
    supersedes = ["SWD001"]       # when this fires, these become consequences of it (ranked after)
    alternatives = ["USB002"]     # causes the same evidence can mean
    ask = "..."                   # the one question or test that separates them
    links = ["https://..."]

    [[when]]                      # any `when` that matches fires the entry; the surest one wins
    expr = "usb.devices[?raw_access && can_open == `false`]"   # JMESPath; a non-empty / true result matches
    confidence = 0.95
    severity = "error"            # optional override
    message = "{role_name} {vid}:{pid} is present but cannot be opened"   # {field} of the first match
    ask = "..."                   # optional: this match leaves a question open
    fallback = true               # optional: read only when nothing else explains the text, on the failure lines no
                                  # other finding quotes (a condition on derived.failure_cues: knowledge/failure_cues.toml)
    remediation = { text = "...", commands = ["..."] }   # optional: this form's own fix, instead of the entry's
    actions = [ { name = "dfu.flash", params = {} } ]     # optional: this form's own `doctor fix` actions; `actions = []`
                                  # says this form has none (a form of another bootloader or OS than the entry's action)

    [remediation]
    text = "..."
    commands = ["..."]

    [[actions]]                   # driver operations a later `doctor fix` performs
    name = "udev.install_rules"   # a name of doctor.drivers.ACTIONS
    params = {}

    [[texts]]                     # real texts this entry must diagnose first (tests/test_knowledge_texts.py)
    case = "tests/cases/stlink-rdp-readout-protection"     # a case folder, or:
    # text = "Cannot read memory! Disable Read Out Protection and retry."  source = "https://..."
    no_texts = "..."              # instead of texts: why no pasted text can show it (live probes only)
    fallback = true               # only when no other error/warning finding is present (GEN001)

    [[examples]]                  # run by tests/test_knowledge.py: bad ones trigger the entry, good ones do not
    kind = "bad"                  # bad | good
    name = "dfu device mode 0664 root:root"
    facts = { usb = { devices = [ { vid = "0483", pid = "df11", raw_access = true, can_open = false } ] } }

Conditions are JMESPath (a well-kept expression library, no eval) plus the closed set of functions
in CUSTOM_FUNCTIONS. Every field a condition names must be declared in doctor.schema; every literal
compared with `kind` must be a declared event kind; unknown actions or functions fail the load.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jmespath
import jmespath.functions
import jmespath.parser

from doctor import cache as _cache
from doctor import schema
from doctor.knowledge.closures import closure as _closure

SEVERITIES = ("error", "warning", "info")


class KnowledgeError(Exception):
    """A knowledge entry that is malformed: raised at load time, never at evaluation time."""


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", str(text))[:4])


class _Functions(jmespath.functions.Functions):
    """The closed set of functions conditions may call besides JMESPath's own."""

    @jmespath.functions.signature({"types": ["string", "null"]}, {"types": ["string"]})
    def _func_matches(self, subject: str | None, pattern: str) -> bool:
        return subject is not None and re.search(pattern, subject) is not None

    @jmespath.functions.signature({"types": ["string", "null"]})
    def _func_lower(self, subject: str | None) -> str | None:
        return subject.lower() if subject is not None else None

    @jmespath.functions.signature({"types": ["string", "null"]}, {"types": ["string"]})
    def _func_version_lt(self, version: str | None, other: str) -> bool:
        if not version or not re.search(r"\d", version):
            return False
        return _version_tuple(version) < _version_tuple(other)

    @jmespath.functions.signature({"types": ["string", "number", "null"]})
    def _func_to_int(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, (int, float)):
            return int(value)
        try:
            return int(str(value).strip(), 0)
        except ValueError:
            return None


CUSTOM_FUNCTIONS = {"matches", "lower", "version_lt", "to_int"}
_OPTIONS = jmespath.Options(custom_functions=_Functions())
OPTIONS = _OPTIONS  # the options every search runs with (doctor/gate.py runs parts of a condition with them)
_BUILTIN_FUNCTIONS = {
    name[len("_func_"):] for name in dir(jmespath.functions.Functions) if name.startswith("_func_")
}


@dataclass
class When:
    expr: str
    compiled: Any
    confidence: float
    severity: str | None = None
    message: str | None = None
    ask: str | None = None
    fallback: bool = False  # read only in the fallback phase, on failure lines nothing else explains (failure_cues.toml)
    # (s22) this form's own fix and `doctor fix` actions, when the entry's do not fit it (another bootloader, tool or
    # OS than the one the entry's action drives); None: the entry's. `actions == []`: this form has no automatic action.
    remediation: dict[str, Any] | None = None
    actions: list[dict[str, Any]] | None = None
    # (s23) a fallback form that names no cause (GEN001's generic quote and stall): the engine may put first the cause
    # the nearest resolved threads share (doctor/resemblance.py)
    resemble: bool = False


@dataclass
class Answer:
    """A fact that answers an entry's `ask`: when `expr` finds something, the finding says `says` (filled
    from the first match) instead of asking the person (issue 11: decide with what the live scan knows)."""

    expr: str
    compiled: Any
    says: str


@dataclass
class Entry:
    id: str
    slug: str
    severity: str
    title: str
    explanation: str
    when: list[When]
    remediation: dict[str, Any] = field(default_factory=dict)
    actions: list[dict[str, Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    supersedes: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)
    ask: str | None = None
    rank: int = 50
    examples: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None
    source: str = ""
    texts: list[dict[str, Any]] = field(default_factory=list)  # real texts it must diagnose first (a case folder or a quoted text)
    answers: list[Answer] = field(default_factory=list)  # facts that answer `ask`
    no_texts: str | None = None  # why no pasted text can show this fault (only live probes or guided steps see it)
    fallback: bool = False  # reported only when no other error or warning finding is (GEN001)


def catalogue() -> dict[str, dict[str, str]]:
    """The fault catalogue (a copy of shared/faults.toml kept in the package)."""
    return _catalogue()


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, str]]:
    text = importlib.resources.files(__name__).joinpath("catalogue.toml").read_text(encoding="utf-8")
    return parse_toml_files([("catalogue.toml", text)], kind="catalogue")[0][1]


def validate_expression(
    expr: str, where: str, check_kinds: bool = True, fields: set[str] | None = None, asts: dict[str, Any] | None = None,
    checked: bool = False,
) -> Any:
    """Compile a condition and check every field, function and (check_kinds) `kind` literal it names.
    `asts`: syntax trees JMESPath made earlier for these expressions (the run-time cache), used as they are.
    `checked`: those trees were checked against these very fields and functions when the cache was written (its key
    names them, `_load`): not walked again."""
    if asts and expr in asts:
        compiled = jmespath.parser.ParsedResult(expr, asts[expr])
        if checked and not check_kinds:
            return compiled
    else:
        try:
            compiled = jmespath.compile(expr)
        except jmespath.exceptions.JMESPathError as exc:
            raise KnowledgeError(f"{where}: bad expression {expr!r}: {exc}") from exc
    fields = schema.known_fields() if fields is None else fields  # walking the schema: compute it once per load
    kinds = schema.EVENT_KINDS

    def walk(node: dict[str, Any]) -> None:
        t = node.get("type")
        if t == "field" and node["value"] not in fields:
            raise KnowledgeError(f"{where}: unknown fact field {node['value']!r} in {expr!r} (declare it in doctor/schema.py)")
        if t == "function_expression":
            name = node["value"]
            if name not in CUSTOM_FUNCTIONS and name not in _BUILTIN_FUNCTIONS:
                raise KnowledgeError(f"{where}: unknown function {name!r} in {expr!r}")
        if t == "comparator" and len(node["children"]) == 2:
            a, b = node["children"]
            for f, lit in ((a, b), (b, a)):
                if check_kinds and f.get("type") == "field" and f.get("value") == "kind" and lit.get("type") == "literal":
                    if isinstance(lit["value"], str) and lit["value"] not in kinds:
                        raise KnowledgeError(f"{where}: unknown event kind {lit['value']!r} in {expr!r}")
        for child in node.get("children", []):
            if isinstance(child, dict):
                walk(child)

    walk(dict(compiled.parsed))
    return compiled


def search(compiled: Any, facts: dict[str, Any]) -> Any:
    """`compiled.search(facts)` with the conditions' options: through the condition's closures (knowledge/closures.py,
    made once per syntax tree: the same result as JMESPath's interpreter, a few times faster), or the interpreter for a
    tree they do not cover."""
    if type(compiled) is jmespath.parser.ParsedResult:
        fn = _closure(compiled.parsed, _OPTIONS)
        if fn is not None:
            return fn(facts)
    return compiled.search(facts, options=_OPTIONS)


def parse_entry(
    data: dict[str, Any], source: str, check_kinds: bool = True, fields: set[str] | None = None, asts: dict[str, Any] | None = None,
    checked: bool = False,
) -> Entry:
    where = source
    cat = catalogue()
    fid = data.get("id")
    if fid not in cat:
        raise KnowledgeError(f"{where}: id {fid!r} is not in the fault catalogue")
    if data.get("slug") != cat[fid]["slug"]:
        raise KnowledgeError(f"{where}: slug {data.get('slug')!r} differs from the catalogue's {cat[fid]['slug']!r}")
    severity = data.get("severity", "error")
    if severity not in SEVERITIES:
        raise KnowledgeError(f"{where}: severity {severity!r} is not one of {SEVERITIES}")
    allowed = {
        "id", "slug", "severity", "title", "explanation", "when", "remediation", "actions", "links",
        "supersedes", "alternatives", "ask", "rank", "examples", "message", "texts", "no_texts", "fallback", "answers",
    }
    extra = set(data) - allowed
    if extra:
        raise KnowledgeError(f"{where}: unknown keys {sorted(extra)}")
    whens = []
    for i, w in enumerate(data.get("when", [])):
        if "expr" not in w:
            raise KnowledgeError(f"{where}: when[{i}] has no expr")
        unknown = set(w) - {"expr", "confidence", "severity", "message", "ask", "fallback", "remediation", "actions", "resemble"}
        if unknown:
            raise KnowledgeError(f"{where}: when[{i}] has unknown keys {sorted(unknown)}")
        conf = float(w.get("confidence", 0.8))
        if not 0 < conf <= 1:
            raise KnowledgeError(f"{where}: when[{i}] confidence {conf} is not in (0, 1]")
        if w.get("severity") not in (None, *SEVERITIES):
            raise KnowledgeError(f"{where}: when[{i}] severity {w.get('severity')!r} is not one of {SEVERITIES}")
        whens.append(
            When(
                expr=w["expr"],
                compiled=validate_expression(w["expr"], f"{where} when[{i}]", check_kinds, fields, asts, checked),
                confidence=conf,
                severity=w.get("severity"),
                message=w.get("message"),
                ask=w.get("ask"),
                fallback=bool(w.get("fallback", False)),
                resemble=bool(w.get("resemble", False)),
                remediation=_remediation(w["remediation"], f"{where} when[{i}]") if "remediation" in w else None,
                actions=_actions(w["actions"], f"{where} when[{i}]") if "actions" in w else None,
            )
        )
    if not whens:
        raise KnowledgeError(f"{where}: no `when` conditions")
    _actions(data.get("actions", []), where)
    if "remediation" in data:
        _remediation(data["remediation"], where)
    for ref in [*data.get("supersedes", []), *data.get("alternatives", [])]:
        if ref not in cat:
            raise KnowledgeError(f"{where}: refers to unknown id {ref!r}")
    for ex in data.get("examples", []):
        if ex.get("kind") not in ("bad", "good") or not isinstance(ex.get("facts"), dict):
            raise KnowledgeError(f"{where}: an example needs kind = bad|good and a facts table")
    texts = data.get("texts", [])
    for i, t in enumerate(texts):
        if not isinstance(t, dict) or not (("case" in t) ^ ("text" in t)) or set(t) - {"case", "text", "source", "note"}:
            raise KnowledgeError(f"{where}: texts[{i}] needs either case = \"tests/cases/NAME\" or text = \"...\" with its source")
        if "text" in t and not t.get("source"):
            raise KnowledgeError(f"{where}: texts[{i}] quotes a text without its source")
    answers = []
    for i, a in enumerate(data.get("answers", [])):
        if not isinstance(a, dict) or set(a) != {"expr", "says"} or not isinstance(a.get("says"), str):
            raise KnowledgeError(f"{where}: answers[{i}] needs exactly expr and says")
        if not (data.get("ask") or any(w.get("ask") for w in data.get("when", []))):
            raise KnowledgeError(f"{where}: answers[{i}] answers a question the entry does not ask")
        answers.append(Answer(expr=a["expr"], compiled=validate_expression(a["expr"], f"{where} answers[{i}]", check_kinds, fields, asts), says=a["says"]))
    if data.get("no_texts") is not None and not isinstance(data.get("no_texts"), str):
        raise KnowledgeError(f"{where}: no_texts is the reason (a string) why no pasted text can show this fault")
    return Entry(
        id=fid,
        slug=data["slug"],
        severity=severity,
        title=data.get("title") or cat[fid]["title"],
        explanation=data.get("explanation", "").strip(),
        when=whens,
        remediation=data.get("remediation", {}),
        actions=data.get("actions", []),
        links=data.get("links", []),
        supersedes=data.get("supersedes", []),
        alternatives=data.get("alternatives", []),
        ask=data.get("ask"),
        rank=int(data.get("rank", 50)),
        examples=data.get("examples", []),
        message=data.get("message"),
        source=source,
        texts=list(texts),
        no_texts=data.get("no_texts"),
        fallback=bool(data.get("fallback", False)),
        answers=answers,
    )


REMEDIATION_KEYS = {"text", "commands"}
ACTION_KEYS = {"name", "params"}


def _remediation(rem: Any, where: str) -> dict[str, Any]:
    """A `[remediation]` table (the entry's, or a when's own): text and commands, nothing else."""
    if not isinstance(rem, dict) or not rem:
        raise KnowledgeError(f"{where}: remediation must be a table with text and/or commands")
    if set(rem) - REMEDIATION_KEYS:
        raise KnowledgeError(f"{where}: remediation has unknown keys {sorted(set(rem) - REMEDIATION_KEYS)}")
    if "text" in rem and not isinstance(rem["text"], str):
        raise KnowledgeError(f"{where}: remediation text must be a string")
    if "commands" in rem and not (isinstance(rem["commands"], list) and all(isinstance(c, str) for c in rem["commands"])):
        raise KnowledgeError(f"{where}: remediation commands must be a list of strings")
    return rem


def _actions(actions: Any, where: str) -> list[dict[str, Any]]:
    """An `[[actions]]` list (the entry's, or a when's own; `[]` is a valid answer: no automatic action). The name is
    checked against the drivers' declarations by tests/test_backends.py (knowledge/ does not import drivers/); here
    only its shape."""
    if not isinstance(actions, list):
        raise KnowledgeError(f"{where}: actions must be an array of tables (`actions = []` for none)")
    for a in actions:
        if not isinstance(a, dict):
            raise KnowledgeError(f"{where}: an action must be a table with name (and params)")
        if set(a) - ACTION_KEYS:
            raise KnowledgeError(f"{where}: action has unknown keys {sorted(set(a) - ACTION_KEYS)}")
        if not isinstance(a.get("name"), str) or not re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", a["name"]):
            raise KnowledgeError(f"{where}: action name {a.get('name')!r} is not '<driver>.<operation>'")
        if "params" in a and not isinstance(a["params"], dict):
            raise KnowledgeError(f"{where}: action {a['name']!r} params must be a table")
    return actions


def load(strict: bool = True) -> list[Entry]:
    """Every entry of knowledge/entries, validated, sorted by id. Cached: the data does not change at run time.

    strict=False (the engine at run time) skips checking `kind` literals against the declared event kinds:
    that needs every parser imported (~0.1 s of regular expressions at start-up); the knowledge tests and
    `doctor rules` load strictly, so a typo still fails there."""
    return list(_load(strict))


@lru_cache(maxsize=2)
def _load(strict: bool = True) -> tuple[Entry, ...]:
    if strict:
        from doctor.parsers import load_all

        load_all()  # parsers and probes declare their event kinds on import
    import doctor.derive  # noqa: F401  (declares the derived.* fields)

    entries = []
    fields = schema.known_fields()
    seen: set[str] = set()
    files = _entry_data(use_cache=not strict)
    # At run time the JMESPath syntax trees come from a cache too (parsing ~150 conditions: ~15 ms).
    exprs = sorted({w["expr"] for _, d in files for w in d.get("when", []) if isinstance(w, dict) and isinstance(w.get("expr"), str)})
    # (s21b) The key names the fields and functions too: the process that wrote the file checked every tree in it against
    # them (parse_entry raises before the write), so a tree read from it is not walked again (~40 ms of 1,100 walks).
    key = [("conditions", "\n".join(exprs)), ("fields", "\n".join(sorted(fields))),
           ("functions", "\n".join(sorted(CUSTOM_FUNCTIONS | _BUILTIN_FUNCTIONS)))]
    ast_cache = None if strict else _cache_path(key, "jmespath")
    asts: dict[str, Any] = {}
    if ast_cache is not None:
        loaded = _cache.read(ast_cache)
        asts = loaded if isinstance(loaded, dict) else {}
    for name, data in files:
        entry = parse_entry(data, name, check_kinds=strict, fields=fields, asts=asts, checked=True)
        if entry.id in seen:
            raise KnowledgeError(f"{name}: a second entry for {entry.id}")
        seen.add(entry.id)
        entries.append(entry)
    if ast_cache is not None and any(x not in asts for x in exprs):
        _write_cache(ast_cache, {w.expr: w.compiled.parsed for e in entries for w in e.when})
    return tuple(entries)


def _entry_data(use_cache: bool) -> list[tuple[str, dict[str, Any]]]:
    """(file name, parsed TOML) of every entry, sorted by name (see parse_toml_files for the cache)."""
    folder = importlib.resources.files(__name__).joinpath("entries")
    files = [(item.name, item.read_text(encoding="utf-8")) for item in sorted(folder.iterdir(), key=lambda p: p.name) if item.name.endswith(".toml")]
    return parse_toml_files(files, use_cache=use_cache)


def parse_toml_files(files: list[tuple[str, str]], *, use_cache: bool = True, kind: str = "knowledge") -> list[tuple[str, dict[str, Any]]]:
    """(name, parsed TOML) for each (name, text); a malformed file raises KnowledgeError.

    Parsing the knowledge base with tomllib takes ~50 ms, a tenth of a scan; at run time (use_cache) the
    parsed data is kept as JSON in ~/.cache/mcu-doctor (XDG_CACHE_HOME), keyed by a hash of the texts, so
    an edited file is never served stale. A cache that cannot be read or written is simply not used."""
    cache = _cache_path(files, kind) if use_cache else None
    if cache is not None:
        try:
            return [(name, data) for name, data in _cache.read(cache)]  # None (no usable file) is not iterable
        except (ValueError, TypeError):
            pass
    import tomllib

    parsed = []
    for name, text in files:
        try:
            parsed.append((name, tomllib.loads(text)))
        except tomllib.TOMLDecodeError as exc:
            raise KnowledgeError(f"{name}: {exc}") from exc
    if cache is not None:
        _write_cache(cache, parsed)
    return parsed


def _cache_path(files: list[tuple[str, str]], kind: str = "knowledge") -> Path | None:
    return _cache.path(files, kind)


def _write_cache(path: Path, parsed: Any) -> None:
    _cache.write(path, parsed)


def get(fault_id: str) -> Entry | None:
    for e in _load():
        if e.id == fault_id.upper():
            return e
    return None
