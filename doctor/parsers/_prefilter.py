"""The splitter's line classifier, made fast without changing what it decides.

The splitter asks, for every line, which parser claims it strongly (first in registry order), else which
claims it weakly. Run naively that is every parser's regular expressions against every line: tens of
microseconds for a long klippy.log `Stats` line, minutes for a 50 MB log. This module decides the same,
cheaply:

1. Every pattern gets a *necessary condition* read from its parsed form (`re._parser`): a literal the
   line must start with (`^avrdude: `), or a literal it must contain (`Response for command `, folded
   case for `(?i:...)` parts). A pattern with no such literal of at least 3 characters is "always a
   candidate". The conditions are checked for a whole batch of lines at once: one `str.find` pass per
   literal over the joined batch, a walk down a radix tree of the prefixes per line.
   A line none of whose conditions hold cannot be claimed, so no regular expression runs on it.
2. While a block is open, weak claims cannot change anything (only a strong claim by another parser
   starts a new block), so only strong candidates of other parsers are examined.
3. `Parser.bulk` (optional): line prefixes that certainly belong to that parser (klippy.log's `Stats `
   lines, 90 % of a long log). While that parser's block is open such lines go straight to it; they are
   left out of the literal scan. Outside its block they are classified like any other line.

For lines that pass the prefilter the exact rule runs: hints, then the parser's own patterns one by one
(each compiled alone, so the regex engine's literal-prefix search applies). `classify(line)` gives the
same answer as the straightforward loop over every parser (tests/test_parsers_klipper.py compares both on
the real cases and on random text).
"""

from __future__ import annotations

import array
import bisect
import importlib
import os
import re
import sys
from itertools import compress
from typing import Any, Iterable, Sequence

_P: Any
_C: Any
_RC: Any
_SRE: Any
try:  # the regex parser of the standard library: private, so its absence only costs speed
    _C = importlib.import_module("re._constants")
    _P = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Pythons
    _P = None
    _C = None
try:  # and its compiler and engine (the compiled-code cache, _codes): the same
    _RC = importlib.import_module("re._compiler")
    _SRE = importlib.import_module("_sre")
except ImportError:  # pragma: no cover - other Pythons
    _RC = None
    _SRE = None

MIN_LITERAL = 3
CONDITION_READING = "2"  # (preload) how `condition` reads a pattern; 2: a pattern with no literal outside lookaheads reads theirs
MAX_REGION_LINES = 20000  # a bulk region (klippy.log's config dump) owns at most this many lines
MEMO_LINES = 50000  # distinct line texts whose scan and decision are remembered (per Prefilter)
INDEX_AFTER_SCANS = 48  # short texts scanned with a find per needle before the needle index is made (~60 ms) and used
SHAPE_MEMO = 8192  # line shapes (digits as 0) whose blind patterns' answer is remembered, per Prefilter (_matches)
SHAPE_MEMO_CHARS = 400  # a line longer than this is not remembered by its shape (_matches): the memo's own copies stay small
GRAM_FILTER = True  # a text is first narrowed to the needles whose pieces all occur in it (_present)
GRAM_FILTER_CHARS = 16384  # a text this long takes its pieces from its distinct lines (digits as 0) only
SHAPES_MIN_LINES = 512  # (shapes_pay) a batch shorter than this is read line by line
SHAPES_NEW_MIN = 64  # (shapes_pay) a batch reads its lines by shape when at most this many shapes are new ...
SHAPES_NEW_SHARE = 8  # ... or one in this many of its lines
CHUNK_LINES = 32  # (_find_chunked) a batch's lines in chunks this long, each with its own pieces, ...
CHUNK_NEEDLES = 64  # ... when more needles than this are left by the batch's pieces (a forum paste: ~2,000 of ~3,000)
DENSE_HITS = 8  # after this many hits a needle found in at least one line of DENSE_SPREAD ...
DENSE_SPREAD = 32  # ... is looked for line by line for the rest of the batch (one `in` per line beats one find per hit)


def _literal_runs(items: Any, icase: bool, out: list[list[tuple[str, bool]]], asserts: bool = False) -> None:
    """Collect what a match of this (parsed) sequence must contain: each entry of `out` is a list of
    alternatives (literal, case-folded), one of which must occur. `asserts`: a positive lookaround's literals too (the
    line must hold them, though the match need not: Presence reads them so, the splitter's conditions do not)."""
    run: list[str] = []

    def flush() -> None:
        if run:
            text = "".join(run)
            out.append([(text.casefold() if icase else text, icase)])
            run.clear()

    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            inner = (icase or bool(add_flags & _C.SRE_FLAG_IGNORECASE)) and not (del_flags & _C.SRE_FLAG_IGNORECASE)
            sub_items = list(sub)
            if len(sub_items) == 1 and sub_items[0][0] is _C.BRANCH:
                alternatives = _branch(sub_items[0][1][1], inner, asserts)
                if alternatives:
                    out.append(alternatives)
            else:
                _literal_runs(sub_items, inner, out, asserts)
        elif op is _C.BRANCH:
            alternatives = _branch(av[1], icase, asserts)
            if alternatives:
                out.append(alternatives)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            _literal_runs(list(av[2]), icase, out, asserts)  # repeated at least once: its literals are required
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            _literal_runs(list(av), icase, out, asserts)
        elif asserts and op is _C.ASSERT:
            _literal_runs(list(av[1]), icase, out, asserts)
    flush()


def _branch(branches: Any, icase: bool, asserts: bool = False) -> list[tuple[str, bool]] | None:
    """One required literal per alternative of a branch (None when an alternative has none)."""
    alternatives = []
    for branch in branches:
        best = _best(list(branch), icase, asserts)
        if best is None:
            return None
        alternatives.extend(best)
    return alternatives


def _best(items: Any, icase: bool, asserts: bool = False) -> list[tuple[str, bool]] | None:
    """The most selective requirement of a sequence: alternatives whose shortest literal is the longest."""
    found: list[list[tuple[str, bool]]] = []
    _literal_runs(items, icase, found, asserts)
    usable = [alts for alts in found if all(len(t) >= MIN_LITERAL and "\n" not in t for t, _ in alts) and len(alts) <= 16]
    if not usable:
        return None
    return max(usable, key=lambda alts: (min(len(t) for t, _ in alts), -len(alts)))


_DIGITS_AS_0 = str.maketrans("123456789", "000000000")
# (_wide_shapes) a character-local lower-casing: ASCII capitals only, every other character kept, so a line keeps its
# length and an ASCII needle in a line is, read the same way, in the line read this way
_ASCII_LOWER_DIGITS_AS_0 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789", "abcdefghijklmnopqrstuvwxyz000000000")
_PIECES: dict[str, tuple[str, ...]] = {}  # (Prefilter._index) needle -> its lower-cased, digits-as-0 3-character pieces  # (_present) a needle's and a text's pieces, digits alike
_CONDITIONS: dict[str, tuple[str, Any]] = {}  # pattern -> its condition, this process (and the disk cache)
_REGEXES: dict[str, re.Pattern[str]] = {}  # pattern -> compiled, on first use


# Session 21, second round: an index per pattern list of `Prefilter._any_matches`. Most lines a candidate parser is
# asked about hold none of its patterns' literals, or one; the loop read each pattern's condition and each literal in
# Python (~20 patterns, ~30 literal looks per call). The index asks the same conditions at once: the list's distinct
# prefixes in one `startswith`, its distinct literals through `compress(lits, map(line.__contains__, lits))` (the
# loop inside C), the case-folded ones on the case-folded line; each literal present names its patterns. Those, and
# the patterns without a cheap condition, run their regexes in the list's order until one matches: the regexes the loop
# ran, in its order.
_GATES: dict[int, tuple[Any, ...]] = {}


def _gate(patterns: list[tuple[str, str, Any]]) -> tuple[Any, ...]:
    """(the list itself, the positions of its patterns with no cheap condition, its distinct prefixes and the positions
    of each, plain literals and theirs, case-folded literals and theirs, the patterns' sources)."""
    always: list[int] = []
    at_prefix: dict[str, list[int]] = {}
    at_plain: dict[str, list[int]] = {}
    at_folded: dict[str, list[int]] = {}
    for k, (_, kind, arg) in enumerate(patterns):
        if kind == "prefix":
            at_prefix.setdefault(arg, []).append(k)
        elif kind == "any":
            for lit, lit_folded in arg:
                (at_folded if lit_folded else at_plain).setdefault(lit, []).append(k)
        else:
            always.append(k)
    gate = (patterns, always, tuple(at_prefix), at_prefix, tuple(at_plain), at_plain, tuple(at_folded), at_folded,
            [src for src, _, _ in patterns])
    if len(_GATES) >= 8192:  # the lists are a Prefilter's few hundred, kept; a bound all the same
        _GATES.clear()
    _GATES[id(patterns)] = gate  # the entry holds the list: its id is not reused while the entry stands
    return gate


def regex(pattern: str) -> re.Pattern[str]:
    """The compiled pattern, compiled when first used and then kept: a run reads a few tools' messages, so
    compiling all ~3,000 patterns of every table at start-up (0.3 s) was mostly wasted; re's own cache
    (512 entries) cannot hold them all. Past CODE_CACHE_AFTER patterns in a process, the rest come from the
    compiled-code cache (`_codes`)."""
    rx = _REGEXES.get(pattern)
    if rx is None:
        rx = _REGEXES[pattern] = _compile(pattern)
    return rx


# The compiled-code cache (session 21). A text that reaches many tools (a forum paste: ~2,500 patterns, 0.3-0.4 s of
# compiling in a fresh process) gets the rest of its patterns from their compiled form, kept in the start-up cache for
# every pattern `preload` was given: the regex engine's code as the standard library makes it (`re._compiler`: parse,
# `_code`, then `_sre.compile`, whose own checks refuse code it cannot run), keyed by the Python version, the engine's
# MAGIC and the patterns. The same code gives the same Pattern (Pattern objects compare their code:
# tests/test_perf_s21.py compares every cached pattern with re.compile's). Read only once a process has compiled
# CODE_CACHE_AFTER patterns itself (one read, ~15 ms, which a short text does not pay); made once, by the first process
# that asks (~0.4 s), unless this Python's engine is not the one read here (then never, and re.compile as before).
CODE_CACHE_AFTER = 64
_ALL_PATTERNS: list[str] = []  # (preload) every pattern of the tables and parsers, sorted: the compiled-code cache's key
_code_state: list[Any] = [0, None]  # patterns compiled here so far; pattern -> its entry, or False (no cache)


def _compile(pattern: str) -> re.Pattern[str]:
    codes = _code_state[1]
    if codes is None:
        _code_state[0] += 1
        if _code_state[0] > CODE_CACHE_AFTER and _ALL_PATTERNS:
            codes = _code_state[1] = _codes() or False
    if codes:
        entry = codes.get(pattern)
        if entry is not None:
            try:
                return _from_code(pattern, *entry)  # type: ignore[no-any-return]
            except Exception:  # noqa: BLE001 - code the engine refuses: compiled afresh
                pass
    return re.compile(pattern)


def _from_code(pattern: str, flags: int, code: Any, groups: int, groupindex: dict[str, int], indexgroup: list[str | None]) -> Any:
    return _SRE.compile(pattern, flags, code if code.__class__ is list else code.tolist(), groups, groupindex, tuple(indexgroup))


def _code_of(pattern: str) -> tuple[int, list[int], int, dict[str, int], list[str | None]]:
    """What re._compiler.compile hands to _sre.compile for this pattern (flags 0)."""
    p = _P.parse(pattern, 0)
    code = _RC._code(p, 0)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return p.state.flags, code, p.state.groups - 1, groupindex, indexgroup


_MAX_CODE_BYTES = 64 << 20  # the code words of every pattern take about 3 MB: a cache naming more is not doctor's


def _codes() -> dict[str, tuple[Any, ...]] | None:
    """pattern -> (flags, code, groups, groupindex, indexgroup) for every pattern of `_ALL_PATTERNS`, from the start-up
    cache, or made and written; None when this Python's engine is not read here (a check on a few patterns). The code
    words are a binary file beside the JSON of the rest (`.bin`, read once and sliced without copies: ~3 MB in memory,
    where a JSON text of them cost 15 MB at its peak); a file whose size is not the one the JSON names is not used."""
    from doctor import cache

    if _P is None or _RC is None or _SRE is None or array.array("I").itemsize != getattr(_SRE, "CODESIZE", 0):
        return None
    todo = _ALL_PATTERNS
    where = cache.path([("python", sys.version), ("sre", str(getattr(_SRE, "MAGIC", ""))), ("patterns", "\0".join(todo))], "sre")
    words_at = where.with_suffix(".bin")
    stored = cache.read(where)
    try:
        if isinstance(stored, dict) and isinstance(stored.get("meta"), list) and len(stored["meta"]) == len(todo) and isinstance(stored.get("bytes"), int) \
                and 0 < stored["bytes"] <= _MAX_CODE_BYTES:
            with open(words_at, "rb") as fh:
                data = fh.read(stored["bytes"] + 1)
            if len(data) == stored["bytes"]:
                words = memoryview(data).cast("I")
                out = {}
                for pattern, (flags, start, end, groups, groupindex, indexgroup) in zip(todo, stored["meta"]):
                    out[pattern] = (flags, words[start:end], groups, groupindex, indexgroup)
                return out
    except (OSError, TypeError, ValueError):
        pass
    made: dict[str, tuple[Any, ...]] = {}
    try:
        for pattern in todo:
            made[pattern] = _code_of(pattern)
        for pattern in todo[:: max(1, len(todo) // 16)]:  # the same Pattern as re.compile's, or not this engine
            if _from_code(pattern, *made[pattern]) != re.compile(pattern):
                return None
    except Exception:  # noqa: BLE001 - a pattern the private modules cannot read: no cache, re.compile as before
        return None
    words_out = array.array("I")
    meta = []
    for pattern in todo:
        flags, code, groups, groupindex, indexgroup = made[pattern]
        meta.append([flags, len(words_out), len(words_out) + len(code), groups, groupindex, indexgroup])
        words_out.extend(code)
    data = words_out.tobytes()
    try:
        words_at.parent.mkdir(parents=True, exist_ok=True)
        tmp = words_at.with_name(f".{words_at.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, words_at)
    except OSError:
        return made
    cache.write(where, {"meta": meta, "bytes": len(data)})
    for old in words_at.parent.glob("sre-*.bin"):  # the code of a JSON the cache no longer keeps
        if not old.with_suffix(".json").exists():
            old.unlink(missing_ok=True)
    return made


def condition(pattern: str) -> tuple[str, Any]:
    """The cheap necessary condition of one pattern: ("prefix", str), ("any", ((literal, folded), ...)) or
    ("always", None). Remembered per pattern (the tables and the splitter ask for the same ones)."""
    found = _CONDITIONS.get(pattern)
    if found is None:
        found = _CONDITIONS[pattern] = _frozen(*_condition(pattern))
    return found


def _frozen(kind: str, arg: Any) -> tuple[str, Any]:
    """A condition as kept: the alternatives of an "any" as tuples (hashable, the same from the cache's JSON lists)."""
    return (kind, tuple(map(tuple, arg)) if kind == "any" else arg)


def preload(patterns: Iterable[str]) -> None:
    """Read the conditions and digit_blind answers of these patterns from the start-up cache (doctor/cache.py), or
    work them out and write it: reading ~3,000 patterns' parsed forms costs 0.2 s a run, the cache a few
    milliseconds. Keyed by the patterns and the Python version (the parsed form is the standard library's)."""
    patterns = set(patterns)
    _ALL_PATTERNS[:] = sorted(patterns.union(_ALL_PATTERNS))
    stored = _cached("prefilter", sorted(patterns - _CONDITIONS.keys()), _valid, condition, CONDITION_READING)
    for pattern, (kind, arg) in stored:
        _CONDITIONS.setdefault(pattern, _frozen(kind, arg))
    # digit_blind reads the same parsed forms: the same cost, the same cache
    for pattern, blind in _cached("blind", sorted(patterns - _BLIND.keys()), _valid_blind, digit_blind):
        _BLIND.setdefault(pattern, blind)


def _cached(kind: str, todo: list[str], valid: Any, work: Any, reading: str = "") -> list[tuple[str, Any]]:
    """(pattern, answer) pairs read from the start-up cache file of these patterns when it is sound; else none, and
    the file is written with `work(pattern)` for each (which remembers its own answers in this process). `reading`:
    the version of the code that works the answers out (a checkout with another reading has another file)."""
    from doctor import cache

    if not todo:
        return []
    where = cache.path([("python", sys.version), *([("reading", reading)] if reading else []), ("patterns", "\0".join(todo))], kind)
    stored = cache.read(where)
    if valid(stored, todo):
        return list(zip(todo, stored))
    cache.write(where, [work(pattern) for pattern in todo])
    return []


def _valid_blind(stored: Any, todo: list[str]) -> bool:
    """A blindness cache file of the right shape: one bool per pattern."""
    return isinstance(stored, list) and len(stored) == len(todo) and all(isinstance(b, bool) for b in stored)


def _valid(stored: Any, todo: list[str]) -> bool:
    """A cache file of the right shape: one condition per pattern, each of a kind `condition` gives."""
    if not isinstance(stored, list) or len(stored) != len(todo):
        return False
    for item in stored:
        if not (isinstance(item, list) and len(item) == 2):
            return False
        kind, arg = item
        if kind == "always":
            ok = arg is None
        elif kind == "prefix":
            ok = isinstance(arg, str) and bool(arg)
        elif kind == "any":
            ok = isinstance(arg, list) and bool(arg) and all(
                isinstance(a, list) and len(a) == 2 and isinstance(a[0], str) and a[0] and isinstance(a[1], bool) for a in arg)
        else:
            ok = False
        if not ok:
            return False
    return True


_BLIND: dict[str, bool] = {}  # pattern -> digit_blind(pattern), this process
_DIGITS = "0123456789"


def digit_blind(pattern: str) -> bool:
    """Does the pattern treat every ASCII digit alike? Then it matches a line exactly when it matches the line
    with every digit read as 0 (`_DIGITS_AS_0`): lengths and positions stay, and each of its atoms accepts
    either every digit or none. Not so for a digit written in it (`Code 43`, `0x0000`), a class holding some
    digits only (`[1-9]`), a back-reference, or anything this reading does not know (then False: only speed
    is lost). Remembered per pattern."""
    return _reading(pattern, _BLIND, _blind_items)


def _reading(pattern: str, memo: dict[str, bool], walk: Any) -> bool:
    """`walk` of the pattern's parsed items (digit_blind, digit_upward), remembered in `memo`; False when the private
    parser cannot read the pattern (then the pattern is simply not known to have the property)."""
    found = memo.get(pattern)
    if found is None:
        found = False
        if _P is not None:
            try:
                found = bool(walk(list(_P.parse(pattern, 0))))
            except Exception:  # noqa: BLE001 - a pattern the private parser cannot read: not known
                found = False
        memo[pattern] = found
    return found


def blind_split(patterns: Sequence[str]) -> tuple[list[int], list[int]]:
    """The positions of the digit-blind patterns and of the others, in order: the classifier remembers the first
    kind's answers per line shape (Prefilter._matches), a message table which of its rows match one (_messages)."""
    blind: list[int] = []
    others: list[int] = []
    for k, pattern in enumerate(patterns):
        (blind if digit_blind(pattern) else others).append(k)
    return blind, others


def _blind_items(items: Any) -> bool:
    for op, av in items:
        if op is _C.LITERAL or op is _C.NOT_LITERAL:
            if chr(av) in _DIGITS:
                return False
        elif op is _C.IN:
            if len({_in_class(av, ch) for ch in _DIGITS}) != 1:
                return False
        elif op is _C.ANY or op is _C.AT:
            continue
        elif op is _C.SUBPATTERN:
            if not _blind_items(list(av[3])):
                return False
        elif op is _C.BRANCH:
            if not all(_blind_items(list(b)) for b in av[1]):
                return False
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            if not _blind_items(list(av[2])):
                return False
        elif op is _C.ASSERT or op is _C.ASSERT_NOT:
            if not _blind_items(list(av[1])):
                return False
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            if not _blind_items(list(av)):
                return False
        else:  # GROUPREF, GROUPREF_EXISTS, anything else
            return False
    return True


_UPWARD: dict[str, bool] = {}  # pattern -> digit_upward(pattern), this process


def digit_upward(pattern: str) -> bool:
    """Does the pattern match every line whose shape (every digit read as 0) it matches? So when each of its atoms that
    accepts a 0 accepts every digit (a written `5` or `md5` is fine: it never matches a shape's 0), its negative
    lookarounds are digit-blind, and it has no back-reference, atomic group or possessive repeat (whose first choice a
    digit could change): a match on the shape is then a match on the line, atom by atom. Not the other way round: a
    line may match by its digits where its shape does not (`Code 43`)."""
    return _reading(pattern, _UPWARD, _upward_items)


def _upward_items(items: Any) -> bool:
    for op, av in items:
        if op is _C.LITERAL:
            if av == ord("0"):
                return False
        elif op is _C.NOT_LITERAL:
            if chr(av) in _DIGITS and chr(av) != "0":
                return False
        elif op is _C.IN:
            if _in_class(av, "0") and not all(_in_class(av, ch) for ch in _DIGITS):
                return False
        elif op is _C.ANY or op is _C.AT:
            continue
        elif op is _C.SUBPATTERN:
            if not _upward_items(list(av[3])):
                return False
        elif op is _C.BRANCH:
            if not all(_upward_items(list(b)) for b in av[1]):
                return False
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            if not _upward_items(list(av[2])):
                return False
        elif op is _C.ASSERT:
            if not _upward_items(list(av[1])):
                return False
        elif op is _C.ASSERT_NOT:
            if not _blind_items(list(av[1])):
                return False
        else:  # GROUPREF, GROUPREF_EXISTS, ATOMIC_GROUP, POSSESSIVE_REPEAT, anything else
            return False
    return True


_CATEGORY_HAS_DIGITS = {"CATEGORY_DIGIT": True, "CATEGORY_NOT_DIGIT": False, "CATEGORY_WORD": True,
                        "CATEGORY_NOT_WORD": False, "CATEGORY_SPACE": False, "CATEGORY_NOT_SPACE": True,
                        "CATEGORY_LINEBREAK": False, "CATEGORY_NOT_LINEBREAK": True}


def _in_class(items: Any, ch: str) -> bool:
    """Is the digit `ch` in the character class (a parsed IN's items)? Raises on an item it does not know."""
    negate = False
    hit = False
    code = ord(ch)
    for op, av in items:
        if op is _C.NEGATE:
            negate = True
        elif op is _C.LITERAL:
            hit = hit or av == code
        elif op is _C.RANGE:
            hit = hit or av[0] <= code <= av[1]
        elif op is _C.CATEGORY:
            hit = hit or _CATEGORY_HAS_DIGITS[str(av)]
        else:
            raise ValueError(op)
    return hit != negate


def _condition(pattern: str) -> tuple[str, Any]:
    if _P is None:
        return ("always", None)
    try:
        tree = _P.parse(pattern, 0)
    except Exception:  # noqa: BLE001 - re.compile reports a bad pattern elsewhere
        return ("always", None)
    icase = bool(tree.state.flags & _C.SRE_FLAG_IGNORECASE)
    items = list(tree)
    if items and items[0][0] is _C.AT and items[0][1] in (_C.AT_BEGINNING, _C.AT_BEGINNING_STRING) and not icase:
        prefix = []
        for op, av in items[1:]:
            if op is not _C.LITERAL:
                break
            prefix.append(chr(av))
        if len(prefix) >= 2 or (prefix and _best(items, icase) is None):
            return ("prefix", "".join(prefix))
    best = _best(items, icase)
    if best is None:  # a prose claim's words are all in lookaheads (`^(?=.{0,400}?\bDFU\b)(?=...)`): the line holds them
        best = _best(items, icase, True)
    return ("any", best) if best is not None else ("always", None)


def shape_condition(kind: str, arg: Any) -> tuple[str, Any]:
    """A pattern's condition (`condition`) as it reads on a line's shape (every digit read as 0): its literals with
    their digits read as 0 too. A line that holds the condition has a shape that holds this one (necessary, never
    sufficient for a pattern that is not digit_blind)."""
    if kind == "prefix":
        return kind, arg.translate(_DIGITS_AS_0)
    if kind == "any":
        return kind, tuple((lit.translate(_DIGITS_AS_0), folded) for lit, folded in arg)
    return kind, arg


def cond_holds(kind: str, arg: Any, text: str) -> bool:
    """Does `text` hold the condition (kind, arg) of `condition` / `shape_condition`?"""
    if kind == "prefix":
        return text.startswith(arg)
    if kind == "any":
        folded: str | None = None
        for lit, lit_folded in arg:
            if lit_folded:
                if folded is None:
                    folded = text.casefold()
                if lit in folded:
                    return True
            elif lit in text:
                return True
        return False
    return True


# A pattern with none of these matches the batch's joined text (read with re.MULTILINE, so ^ and $ are a line's edges)
# wherever it matches one of its lines alone: what it looks at beyond the match is the newline there instead of nothing,
# which only a negative lookaround or \A, \Z could tell apart (a positive lookaround, \b and \B read both alike or
# find more in the joined text, never less)
_EDGE_SENSITIVE = re.compile(r"\\[AZ]|\(\?<?!")
_MULTILINE: dict[str, re.Pattern[str]] = {}  # pattern -> compiled with re.MULTILINE (Presence)


DEPENDS = object()  # (shape_claims) the shape does not decide it


_PRESENCE_NEEDS: dict[str, Any] = {}  # pattern -> what a line it matches must hold (Presence, _needs)


def _presence_needs(src: str) -> Any:
    """What a line the pattern matches must hold, as a tree: a tuple of needs, all of which hold, each a literal
    (text, folded), a line start ("^", text, folded: the line starts with it) or a tuple of alternatives ("|", need
    tuples), one of which holds. Read from the parsed form like `condition`, positive lookarounds included (the line
    holds what they look at), every literal however short (a find over a batch costs far less than a search of it) and
    every branch alternative's needs, not only the most selective group's: a prose claim's several lookaheads, a
    `[(（]` before a code, each can settle that a batch holds no match. None when nothing is known."""
    found = _PRESENCE_NEEDS.get(src, False)
    if found is False:
        found = None
        if _P is not None:
            try:
                tree = _P.parse(src, 0)
                icase = bool(tree.state.flags & _C.SRE_FLAG_IGNORECASE)
                items = list(tree)
                needs = _needs(items, icase)
                if items and items[0][0] is _C.AT and items[0][1] is _C.AT_BEGINNING:
                    head: list[str] = []
                    _head_literals(items[1:], head)
                    if head:
                        text = "".join(head)
                        needs = (("^", text.casefold() if icase else text, icase), *needs)
                found = needs or None
            except Exception:  # noqa: BLE001 - not known: the pattern itself is searched
                found = None
        _PRESENCE_NEEDS[src] = found
    return found


def _head_literals(items: Any, head: list[str]) -> bool:
    """(_presence_needs) The literal characters a match of `items` starts with, into `head`, looking into groups that
    change no flag (`^(?P<bare>0x...)`); whether every item was such a literal."""
    for op, av in items:
        if op is _C.LITERAL:
            head.append(chr(av))
        elif op is _C.SUBPATTERN and not av[1] and not av[2]:
            if not _head_literals(list(av[3]), head):
                return False
        else:
            return False
    return True


def _needs(items: Any, icase: bool) -> tuple[Any, ...]:
    """(_presence_needs) The needs of a parsed sequence."""
    out: list[Any] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            text = "".join(run)
            out.append((text.casefold() if icase else text, icase))
            run.clear()

    def branch(alternatives: Any, fold: bool) -> None:
        alts = tuple(_needs(list(b), fold) for b in alternatives)
        if all(alts):  # an alternative that needs nothing makes the branch need nothing
            out.append(("|", alts))

    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            inner = (icase or bool(add_flags & _C.SRE_FLAG_IGNORECASE)) and not (del_flags & _C.SRE_FLAG_IGNORECASE)
            sub_items = list(sub)
            if len(sub_items) == 1 and sub_items[0][0] is _C.BRANCH:
                branch(sub_items[0][1][1], inner)
            else:
                out.extend(_needs(sub_items, inner))
        elif op is _C.BRANCH:
            branch(av[1], icase)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            out.extend(_needs(list(av[2]), icase))  # repeated at least once: its needs are the line's
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            out.extend(_needs(list(av), icase))
        elif op is _C.ASSERT:
            out.extend(_needs(list(av[1]), icase))
        elif op is _C.IN and 0 < len(av) <= 4 and all(o is _C.LITERAL for o, _ in av):
            out.append(("|", tuple((((chr(c).casefold() if icase else chr(c)), icase),) for _, c in av)))
    flush()
    return tuple(n for n in out if n[0] != "" and "\n" not in n[0])


class Presence:
    """Which patterns may match some line of a batch (`"\\n".join(lines)`): one whose literals (`condition`) the batch
    holds nowhere, or (one without a negative lookaround, \\A or \\Z, see _EDGE_SENSITIVE) that matches nowhere in the
    joined text read line by line (re.MULTILINE), matches no line. Asked once per pattern per batch."""

    def __init__(self, joined: str, lines: Sequence[str] | None = None, shapes: Iterable[str] | None = None) -> None:
        """`joined`: the lines joined with newlines; `lines` (when given): the lines themselves, whose `joined` then
        holds them stripped (a message table matches a stripped line), made when a pattern first needs it. `shapes`
        (when given): the lines' distinct shapes (every digit read as 0): a literal is looked for there first, a few
        hundred lines instead of thousands, and only a literal with a digit that their shapes hold is looked for in the
        lines themselves (a literal without a digit is in a line exactly when it is in the line's shape)."""
        self._joined = joined if lines is None else None
        self._lines = lines
        self.folded: str | None = None
        self._shapes = shapes
        self._small: str | None = None  # the shapes joined (stripped with `lines`), made when first asked
        self._small_folded: str | None = None
        self.known: dict[str, bool] = {}
        self.found: dict[Any, bool] = {}  # need -> the batch holds it (_all)

    @property
    def joined(self) -> str:
        if self._joined is None:
            self._joined = "\n".join(line.strip() for line in self._lines or ())
        return self._joined

    def _has(self, lit: str, folded: bool, start: bool = False) -> bool:
        """Does some line hold the literal (`folded`: its case-folded form), or start with it (`start`)?"""
        if self._shapes is not None:
            small = self._small
            if small is None:
                small = self._small = "\n".join(sh.strip() for sh in self._shapes) if self._lines is not None \
                    else "\n".join(self._shapes)
            if folded:
                if self._small_folded is None:
                    self._small_folded = small.casefold()
                small = self._small_folded
            shaped = lit.translate(_DIGITS_AS_0)
            if not (small.startswith(shaped) or ("\n" + shaped) in small if start else shaped in small):
                return False  # no line's shape holds it: no line does
            if shaped == lit and "0" not in lit:
                return True  # no digit in it: a line holds it exactly when its shape does
        hay = self.joined
        if folded:
            if self.folded is None:
                self.folded = hay.casefold()
            hay = self.folded
        return hay.startswith(lit) or ("\n" + lit) in hay if start else lit in hay

    def __call__(self, src: str) -> bool:
        got = self.known.get(src)
        if got is None:
            kind, arg = condition(src)
            if kind == "prefix":  # a line starts with it
                got = self._has(arg, False, True)
            elif kind == "any":  # one of its literals, and every need (a lookahead's word the literals leave out)
                got = self._holds(arg) and ((needs := _presence_needs(src)) is None or self._all(needs))
            elif (needs := _presence_needs(src)) is not None and not self._all(needs):
                got = False
            elif _EDGE_SENSITIVE.search(src) is None:
                rx = _MULTILINE.get(src)
                if rx is None:
                    rx = _MULTILINE[src] = re.compile(src, re.MULTILINE)
                got = rx.search(self.joined) is not None
            else:
                got = True
            self.known[src] = got
        return got

    def _all(self, needs: Any) -> bool:
        """Does the batch hold every need (see _presence_needs)? Each literal is looked for once per batch."""
        for need in needs:
            if need[0] == "|" and need[1].__class__ is tuple:  # (a literal "|" is ("|", folded))
                if not any(self._all(alt) for alt in need[1]):
                    return False
                continue
            got = self.found.get(need)
            if got is None:
                if len(need) == 3:  # ("^", text, folded); a literal "^" is ("^", folded)
                    got = self._has(need[1], need[2], True)
                else:
                    got = self._has(need[0], need[1])
                self.found[need] = got
            if not got:
                return False
        return True

    def _holds(self, alternatives: Any) -> bool:
        for lit, lit_folded in alternatives:
            if self._has(lit, lit_folded):
                return True
        return False


def _radix(level: dict[str, list[Any]]) -> dict[str, tuple[str, list[Any]]]:
    """A character trie's level with its chains compressed: a run of nodes that hold no bits and have one child
    each becomes one edge label, so a line checks it with one `startswith`."""
    out: dict[str, tuple[str, list[Any]]] = {}
    for ch, node in level.items():
        label = ch
        while not node[0] and not node[1] and len(node[2]) == 1:
            (nxt, child), = node[2].items()
            label += nxt
            node = child
        out[ch] = (label, [node[0], node[1], _radix(node[2])])
    return out


def _wide_shapes(lines: Sequence[str]) -> str:
    """A non-ASCII batch's lines as the needle pieces read them (_present): an ASCII line lower-cased, a non-ASCII line
    three times, as each hay holds it (the line itself, its case-folding, its lower-casing), read with ASCII capitals
    lowered and digits as 0, character by character, so an ASCII needle that occurs in a hay's line has all its pieces
    in that line's reading (Python's `lower` of a whole text is not character-local: a final sigma, an "İ" that grows).
    Lines are joined by newlines, which no needle holds."""
    out = []
    for line in lines:
        if line.isascii():
            out.append(line.lower())
        else:
            out.append(line)
            out.append(line.casefold())
            out.append(line.lower())
    return "\n".join(out).translate(_ASCII_LOWER_DIGITS_AS_0)


def _chunk_masks(lines: Sequence[str], wide: bool) -> dict[str, int]:
    """(_find_chunked) Each 3-character piece of a batch's lines, read as `_present` reads them (lower-cased, digits as 0;
    `_wide_shapes` for a non-ASCII batch), with the bitmask of the CHUNK_LINES-line chunks that hold it."""
    masks: dict[str, int] = {}
    get = masks.get
    for c, a in enumerate(range(0, len(lines), CHUNK_LINES)):
        part = lines[a:a + CHUNK_LINES]
        text = _wide_shapes(part) if wide else "\n".join(part).lower().translate(_DIGITS_AS_0)
        bit = 1 << c
        for g in {text[k:k + 3] for k in range(len(text) - 2)}:
            masks[g] = get(g, 0) | bit
    return masks


class Prefilter:
    """Per parser and strength (2 strong, 1 weak), the patterns with their conditions, and the batch scanner."""

    def __init__(self, parsers: Sequence[Any], *, shapes: bool = False) -> None:
        """`shapes`: a scanner of line shapes (every digit read as 0, see `quiet_shapes`): each condition's literals are
        read the same way and hints are left out, so a pattern's candidate bit is set for a shape whenever the pattern
        could match some line of that shape (a necessary condition, as for lines)."""
        self.parsers = list(parsers)
        self.hints = [() if shapes else tuple(h.lower() for h in getattr(p, "hints", ()) or ()) for p in self.parsers]
        # patterns[i][s] = [(pattern, kind, arg)] for parser i, strength s (s = 2 strong, 1 weak)
        self.patterns: list[dict[int, list[tuple[str, str, Any]]]] = []
        self.literals: dict[tuple[str, bool], list[int]] = {}  # (literal, folded) -> [mask_strong, mask_weak]
        self.always = [0, 0, 0]  # masks of parsers with an always-candidate pattern, by strength index
        self.bulk: dict[str, list[tuple[str, int]]] = {}
        # (start prefix, end prefix, parser index, the shape every line inside has or None)
        self.regions: list[tuple[str, str, int, Any]] = []
        self._scan_memo: dict[str, tuple[int, int]] = {}
        self._owner_heads: re.Pattern[str] | None = None  # (owners) "\n" and any bulk prefix or region start
        self._decide_memo: dict[tuple[str, int, int, int | None], tuple[int | None, int]] = {}
        self._claims_memo: dict[tuple[int, str, bool, bool], bool] = {}
        self._indexes: dict[int, Any] = {}  # id(needle list) -> its pieces index (_present, _index)
        self._short_scans = 0  # short texts scanned so far without the index
        # per (parser, strength): its digit-blind patterns and the others (_matches), made when first asked
        self._split: dict[tuple[int, int], tuple[list[tuple[str, str, Any]], list[tuple[str, str, Any]]]] = {}
        self._shape_memo: dict[tuple[int, int, str], bool] = {}  # (parser, strength, line digits as 0) -> blind ones match
        self._shape_of: tuple[str | None, str] = (None, "")  # the last line asked and its digits-as-0 shape
        self._shape_scanner: Prefilter | None = None  # (quiet_shapes) the same patterns' conditions read on shapes
        self._quiet: dict[int, dict[str, Any]] = {}  # (quiet_shapes) open parser -> shape -> its verdict
        self._plans: dict[str, Any] = {}  # (classify_batch) shape -> its plan
        self._shaped: dict[tuple[int, int], list[tuple[str, str, Any]]] = {}  # (_shape_others)
        self._shaped_hints: dict[int, list[tuple[str, bool]]] = {}  # (_hint_state) parser -> its hints as shapes
        self._hint_shape_needles: list[tuple[str, int, int]] | None = None  # (_hint_masks) shaped hint -> parsers' bits
        self.last_grams: set[str] | None = None  # (_scan) the pieces of the text it scanned last
        # the prefixes, first as a trie of characters: char -> [strong bits, weak bits, children]
        chars: dict[str, list[Any]] = {}
        for i, p in enumerate(self.parsers):
            bit = 1 << i
            per: dict[int, list[tuple[str, str, Any]]] = {2: [], 1: []}
            for strength, sources in ((2, p.strong), (1, p.weak)):
                for src in sources:
                    kind, arg = condition(src)
                    if shapes:
                        kind, arg = shape_condition(kind, arg)
                    per[strength].append((src, kind, arg))  # compiled when a line first needs it
                    if kind == "prefix":
                        level = chars
                        node: list[Any] = []
                        for ch in arg:
                            node = level.get(ch) or level.setdefault(ch, [0, 0, {}])
                            level = node[2]
                        node[0 if strength == 2 else 1] |= bit
                    elif kind == "any":
                        for lit in arg:
                            masks = self.literals.setdefault(lit, [0, 0, 0])
                            masks[strength] |= bit
                    else:
                        self.always[strength] |= bit
            self.patterns.append(per)
            for prefix in () if shapes else getattr(p, "bulk", ()) or ():
                if prefix:
                    self.bulk.setdefault(prefix[0], []).append((prefix, i))
            for start, end, *body in () if shapes else getattr(p, "bulk_regions", ()) or ():
                if start and end:
                    self.regions.append((start, end, i, body[0] if body else None))
        self.has_folded = any(folded for _, folded in self.literals)
        # then as a radix tree: a line walks it as far as its own first characters go (one dict lookup and one
        # `startswith` per branching point of the prefixes it starts with), instead of one `startswith` per prefix
        # that shares its first character (47 for a line starting with "D": "Dec  6 10:00:01 host ...")
        self.prefix_tree = _radix(chars)  # first char -> (label, [strong bits, weak bits, children])
        # the needle lists every scan walks, built once (a scan of one fresh line should not rebuild them)
        self._plain_needles = [(lit, masks[2], masks[1]) for (lit, folded), masks in self.literals.items() if not folded]
        self._folded_needles = [(lit, masks[2], masks[1]) for (lit, folded), masks in self.literals.items() if folded]
        # hints: a parser with hints claims only lines whose lower-cased text contains one of them
        self.hint_bits: dict[str, int] = {}
        self.no_hints = 0
        for i, hints in enumerate(self.hints):
            if not hints:
                self.no_hints |= 1 << i
            for h in hints:
                if h and "\n" not in h:
                    self.hint_bits[h] = self.hint_bits.get(h, 0) | (1 << i)
                elif not h:  # an empty hint is in every line
                    self.no_hints |= 1 << i
        self._hint_needles = [(h, bits, 0) for h, bits in self.hint_bits.items()]

    def owner(self, line: str) -> int | None:
        """The parser whose `bulk` prefix this line starts with (None: none)."""
        cands = self.bulk.get(line[:1])
        if cands:
            for prefix, i in cands:
                if line.startswith(prefix):
                    return i
        return None

    def owners(self, lines: Sequence[str], state: dict[str, Any]) -> list[int | None]:
        """For each line, the parser that certainly owns it (a `bulk` prefix, or inside one of its `bulk_regions`).

        `state` carries an open region from one batch to the next (a region ends at its end line or after
        MAX_REGION_LINES lines, so a log cut inside one cannot swallow what follows).
        """
        if not self.bulk and not self.regions:
            return [None] * len(lines)
        region = state.get("region")  # (end prefix, parser index, lines so far, body shape)
        starts = tuple(r[0] for r in self.regions)
        if region is None and len(lines) >= 64 and state.get("ownerless", True):
            # no region open and no line of the batch starts with a bulk prefix or a region's start: a find per prefix
            # over the joined batch instead of a look at every line (a long log of another tool)
            joined = "\n" + "\n".join(lines)
            heads = self._owner_heads
            if heads is None:  # one search for them all (a find per prefix read the batch a dozen times)
                found = [*(prefix for cands in self.bulk.values() for prefix, _ in cands), *starts]
                heads = self._owner_heads = re.compile("\n(?:" + "|".join(re.escape(h) for h in found) + ")" if found else "(?!)")
            if heads.search(joined) is None:
                return [None] * len(lines)
        out: list[int | None] = []
        last = len(lines) - 1
        for j, line in enumerate(lines):
            if region is not None:
                end, i, count, body = region
                # two lines in a row the region's body cannot hold (a paste cut inside klippy's config dump, then
                # other lines) end it, and are read like any other line; one odd line (a key a person wrote
                # capitalised) does not
                if (body is None or line.startswith(end) or body.match(line)
                        or (j < last and (lines[j + 1].startswith(end) or body.match(lines[j + 1])))):
                    out.append(i)
                    region = None if line.startswith(end) or count >= MAX_REGION_LINES else (end, i, count + 1, body)
                    continue
                region = None
            if starts and line.startswith(starts):
                for start, end, i, body in self.regions:
                    if line.startswith(start):
                        region = (end, i, 1, body)
                        out.append(i)
                        break
                continue
            out.append(self.owner(line))
        state["region"] = region
        state["ownerless"] = out.count(None) == len(out)  # (the find per prefix pays in a log that has none)
        return out

    def scan(self, lines: Sequence[str]) -> tuple[list[int], list[int]]:
        """Candidate masks (strong, weak) for every line of a batch: bit i set = parser i may claim it.

        A line's masks depend on its text alone, and logs repeat their lines (a restart loop prints the
        same serial error thousands of times): each distinct text is scanned once and remembered (a bounded
        memo, cleared when full), so a repeated line costs one dictionary lookup.
        """
        memo = self._scan_memo
        strong = [0] * len(lines)
        weak = [0] * len(lines)
        todo: dict[str, None] = {}
        for j, line in enumerate(lines):
            hit = memo.get(line)
            if hit is None:
                todo[line] = None
            else:
                strong[j], weak[j] = hit
        if todo:
            fresh = list(todo)
            s_new, w_new = self._scan(fresh)
            if len(memo) + len(fresh) > MEMO_LINES:
                memo.clear()
            for k, line in enumerate(fresh):
                memo[line] = (s_new[k], w_new[k])
            if len(fresh) == len(lines):
                return s_new, w_new
            for j, line in enumerate(lines):
                if line in todo:
                    strong[j], weak[j] = memo[line]
        return strong, weak

    def _scan(self, lines: Sequence[str]) -> tuple[list[int], list[int]]:
        n = len(lines)
        strong = [self.always[2]] * n
        weak = [self.always[1]] * n
        tree = self.prefix_tree
        if tree:
            for j, line in enumerate(lines):
                edge = tree.get(line[:1])
                k = 0
                while edge is not None:
                    label, node = edge
                    if not line.startswith(label, k):
                        break
                    if node[0]:
                        strong[j] |= node[0]
                    if node[1]:
                        weak[j] |= node[1]
                    k += len(label)
                    if k >= len(line):
                        break
                    edge = node[2].get(line[k])
        if not n:
            return strong, weak
        text = "\n".join(lines)
        grams: set[str] | None = None
        wide = False
        chunks: list[Any] = []  # (_find_some) the chunks' pieces, made when a needle list first needs them
        if len(text) < GRAM_FILTER_CHARS and self._short_scans < INDEX_AFTER_SCANS:
            self._short_scans += 1  # a short paste pays a find per needle rather than the index's making (_index)
        elif GRAM_FILTER:
            # (_present) ASCII: lower-casing and case-folding keep lengths; else each line as each hay reads it (a
            # forum paste's batch nearly always holds a non-ASCII character: it paid a find for each of ~3,000 needles)
            wide = not text.isascii()
            shapes = _wide_shapes(lines) if wide else text.lower().translate(_DIGITS_AS_0)
            if len(shapes) >= GRAM_FILTER_CHARS:
                # the pieces of the distinct lines once every digit reads 0: a log repeats its lines with other numbers
                # (time stamps, addresses, pids), so a 2,048-line batch of syslog has a few hundred such lines
                distinct = set(shapes.split("\n"))
                if n >= 2 * CHUNK_LINES and 2 * len(distinct) > n:
                    # mostly new lines (a forum paste): its pieces leave many needles, so the chunks' pieces will be
                    # needed (_find_chunked); made now, their keys are the batch's pieces (those of each line's reading
                    # and a few across a newline, which no needle holds), one pass over the batch instead of two
                    chunks.append(_chunk_masks(lines, wide))
                    grams = set(chunks[0])
                else:
                    shapes = "\n".join(distinct)
            if grams is None:
                grams = {shapes[k:k + 3] for k in range(len(shapes) - 2)}
        self.last_grams = grams  # (_hint_masks) the pieces of the text scanned last, None when not made
        starts = [0] * n
        pos = 0
        for j, line in enumerate(lines):
            starts[j] = pos
            pos += len(line) + 1

        def chunk_masks() -> dict[str, int]:
            if not chunks:
                chunks.append(_chunk_masks(lines, wide))
            return chunks[0]

        early = bool(chunks)  # the chunks' pieces made up front: each needle's chunks come with the pieces' test

        def pick(needles: list[tuple[str, int, int]]) -> list[Any]:
            return self._present_chunks(needles, chunks[0], grams, wide, n) if early else self._present(grams, needles, wide)

        def find(hay: str, hay_starts: list[int], picked: list[Any], first: list[int], second: list[int] | None,
                 hay_lines: Any) -> None:
            if early:
                self._find_in_chunks(hay, hay_starts, picked, first, second)
            else:
                self._find_some(hay, hay_starts, picked, first, second, hay_lines, chunk_masks if grams is not None else None)

        find(text, starts, pick(self._plain_needles), strong, weak, lambda: list(lines))
        folded_text = folded_starts = None
        if self.has_folded:
            folded_text = text.casefold()
            if len(folded_text) == len(text):
                folded_starts = starts
            else:  # casefolding changed some lengths (e.g. "ß"): map the folded text on its own
                folded_starts = [0] * n
                pos = 0
                for j, line in enumerate(lines):
                    folded_starts[j] = pos
                    pos += len(line.casefold()) + 1
        if folded_text is not None and folded_starts is not None:
            find(folded_text, folded_starts, pick(self._folded_needles), strong, weak, lambda: [line.casefold() for line in lines])
        if self.hint_bits:
            lowered = text.lower()
            low_starts = starts
            if len(lowered) != len(text):  # lower-casing changed some lengths (e.g. "İ")
                low_starts = [0] * n
                pos = 0
                for j, line in enumerate(lines):
                    low_starts[j] = pos
                    pos += len(line.lower()) + 1
            hinted = [self.no_hints] * n
            # which parsers still have candidates somewhere: only their hints need looking for
            wanted = 0
            for j in range(n):
                wanted |= strong[j] | weak[j]
            wanted &= ~self.no_hints
            if wanted:
                find(lowered, low_starts, [nd for nd in pick(self._hint_needles) if nd[1] & wanted], hinted, None,
                     lambda: [line.lower() for line in lines])
            for j in range(n):
                if strong[j]:
                    strong[j] &= hinted[j]
                if weak[j]:
                    weak[j] &= hinted[j]
        return strong, weak

    def _present(self, grams: set[str] | None, needles: list[tuple[str, int, int]], wide: bool = False) -> list[tuple[str, int, int]]:
        """The needles that may occur in a text: with the set of its lower-cased 3-character pieces (`grams`, made for
        an ASCII text), those whose every lower-cased piece is in it. Each needle is filed under its rarest piece
        (`_index`), so the text's own pieces pick the few needles worth a find, instead of a find over the text for
        each of ~3,000 needles, most of them absent (3.6 ms a line when one line was classified). The pieces are
        taken with every digit read as 0, the text's and the needles' alike, and of a long batch's distinct lines
        only (a log's lines differ mostly in their numbers). Exact: a needle that occurs in an ASCII text has all
        its lower-cased, digits-as-0 pieces in one line of the text read the same way (a non-ASCII needle cannot
        occur there and goes). `wide`: the text is not ASCII and `grams` are its `_wide_shapes`' pieces (session 20): an ASCII
        needle is judged the same way (its pieces are in the line as every hay reads it, each read character by
        character), a non-ASCII needle is kept (its lower-casing need not be the hay's)."""
        if grams is None:
            return needles
        _, index, keys, short, non_ascii = self._index(needles)
        out = list(short)
        if wide:
            out += non_ascii
        for g in grams & keys:  # a set intersection walks the smaller side
            for nd, pieces in index[g]:
                for p in pieces:
                    if p not in grams:
                        break
                else:
                    out.append(nd)
        return out

    def _present_chunks(self, needles: list[tuple[str, int, int]], masks: dict[str, int], grams: Any, wide: bool, n: int) -> list[tuple[str, int, int, int]]:
        """`_present` and `_find_chunked`'s look at each needle's pieces in one walk, for a batch whose chunks' pieces were
        made up front (`masks`, whose keys are the batch's pieces, `grams`): each needle that may occur, as (needle, its two masks,
        the chunks that hold all its pieces); a needle without pieces, or not ASCII in a wide batch, with every chunk."""
        _, index, keys, short, non_ascii = self._index(needles)
        every = (1 << ((n + CHUNK_LINES - 1) // CHUNK_LINES)) - 1
        out = [(*nd, every) for nd in short]
        if wide:
            out += [(*nd, every) for nd in non_ascii]
        get = masks.get
        for g in grams & keys:  # (the smaller side is walked)
            for nd, pieces in index[g]:
                m = every
                for p in pieces:
                    m &= get(p, 0)
                    if not m:
                        break
                else:
                    out.append((*nd, m))
        return out

    def _index(self, needles: list[tuple[str, int, int]]) -> tuple[Any, dict[str, list[tuple[tuple[str, int, int], tuple[str, ...]]]],
                                                                   frozenset[str], list[tuple[str, int, int]], list[tuple[str, int, int]]]:
        """(needles, rarest piece -> [(needle, its pieces)], those pieces as a set, the needles shorter than a piece, the
        non-ASCII needles) for one of the scanner's fixed needle lists, made when first asked. A non-ASCII needle is in no
        ASCII text (each hay is the text, its case-folding or its lower-casing, ASCII too), so only a wide text asks
        for them."""
        got = self._indexes.get(id(needles))
        if got is None or got[0] is not needles:
            pieces_of = {}
            for nd in needles:
                pieces = _PIECES.get(nd[0])
                if pieces is None:  # (sorted: the rarest piece below is the same in every process)
                    low = nd[0].lower().translate(_DIGITS_AS_0)
                    pieces = _PIECES[nd[0]] = tuple(sorted({low[k:k + 3] for k in range(len(low) - 2)}))
                pieces_of[nd[0]] = pieces
            freq: dict[str, int] = {}
            for pieces in pieces_of.values():
                for g in pieces:
                    freq[g] = freq.get(g, 0) + 1
            index: dict[str, list[tuple[tuple[str, int, int], tuple[str, ...]]]] = {}
            short = []
            non_ascii = []
            rarity = freq.__getitem__
            for nd in needles:
                pieces = pieces_of[nd[0]]
                if not nd[0].isascii():
                    non_ascii.append(nd)
                    continue
                if not pieces:
                    short.append(nd)
                    continue
                index.setdefault(min(pieces, key=rarity), []).append((nd, pieces))  # the first rarest, as (freq, piece)
            got = self._indexes[id(needles)] = (needles, index, frozenset(index), short, non_ascii)
        return got

    def _find_some(self, hay: str, starts: list[int], needles: list[tuple[str, int, int]], first: list[int],
                   second: list[int] | None, hay_lines: Any, chunk_masks: Any) -> None:
        """`_find_all`, or `_find_chunked` when the batch's pieces left many needles and the batch is long (a batch of
        varied lines holds most pieces somewhere: a needle passes them and then costs a find over the whole batch)."""
        if chunk_masks is not None and len(starts) >= 2 * CHUNK_LINES and len(needles) > CHUNK_NEEDLES:
            self._find_chunked(hay, starts, needles, first, second, chunk_masks())
        else:
            self._find_all(hay, starts, needles, first, second, hay_lines)

    @staticmethod
    def _find_chunked(hay: str, starts: list[int], needles: list[tuple[str, int, int]], first: list[int],
                      second: list[int] | None, masks: dict[str, int]) -> None:
        """What `_find_all` does, each needle looked for only in the chunks of CHUNK_LINES lines whose reading holds all
        its pieces (`masks`: piece -> bitmask of chunks, `_chunk_masks`; exact as `_present` is per batch: a needle
        lies in one line, and that line's chunk holds every piece of it). A needle without pieces, or not ASCII, is
        looked for in every chunk."""
        n = len(starts)
        every = (1 << ((n + CHUNK_LINES - 1) // CHUNK_LINES)) - 1
        items = []
        for needle, mask1, mask2 in needles:
            m = every
            pieces = _PIECES.get(needle) if needle.isascii() else None
            if pieces:
                for p in pieces:
                    m &= masks.get(p, 0)
                    if not m:
                        break
            if m:
                items.append((needle, mask1, mask2, m))
        Prefilter._find_in_chunks(hay, starts, items, first, second)

    @staticmethod
    def _find_in_chunks(hay: str, starts: list[int], items: list[tuple[str, int, int, int]], first: list[int],
                        second: list[int] | None) -> None:
        """(_find_chunked) OR each needle's masks into the lines that hold it, looking only in the chunks of CHUNK_LINES
        lines its bitmask names."""
        n = len(starts)
        end = len(hay)
        for needle, mask1, mask2, m in items:
            while m:
                bit = m & -m
                m ^= bit
                a = (bit.bit_length() - 1) * CHUNK_LINES
                b = min(a + CHUNK_LINES, n)
                hi = starts[b] if b < n else end
                i = hay.find(needle, starts[a], hi)
                while i != -1:
                    j = bisect.bisect_right(starts, i, a, b) - 1
                    if mask1:
                        first[j] |= mask1
                    if mask2 and second is not None:
                        second[j] |= mask2
                    if j + 1 >= b:
                        break
                    i = hay.find(needle, starts[j + 1], hi)

    @staticmethod
    def _find_all(hay: str, starts: list[int], needles: list[tuple[str, int, int]], first: list[int], second: list[int] | None,
                  hay_lines: Any = None) -> None:
        """OR each needle's masks into the lines (by start offset) whose text contains it.

        A needle found in most lines (a common hint like "flash") is looked for line by line after its first
        hits (`hay_lines()` gives the lines of `hay`): one `in` per line is cheaper than one find per hit.
        """
        n = len(starts)
        lines_cache: list[list[str] | None] = [None]
        for needle, mask1, mask2 in needles:
            i = hay.find(needle)
            hits = 0
            while i != -1:
                j = bisect.bisect_right(starts, i) - 1
                if mask1:
                    first[j] |= mask1
                if mask2 and second is not None:
                    second[j] |= mask2
                if j + 1 >= n:
                    break
                hits += 1
                if hay_lines is not None and hits >= DENSE_HITS and j < hits * DENSE_SPREAD:
                    if lines_cache[0] is None:
                        lines_cache[0] = hay_lines()
                    per_line = lines_cache[0]
                    assert per_line is not None
                    for k in range(j + 1, n):
                        if needle in per_line[k]:
                            if mask1:
                                first[k] |= mask1
                            if mask2 and second is not None:
                                second[k] |= mask2
                    break
                i = hay.find(needle, starts[j + 1])

    def _hint_ok(self, i: int, line: str, low: list[str | None]) -> bool:
        """Hints were checked by scan() (a parser without a hint in the line has no candidate bit)."""
        return True

    def _matches(self, i: int, strength: int, line: str) -> bool:
        """Does one of parser i's patterns of this strength match the line? Its digit-blind patterns (most of
        them) answer alike for every line that differs only in its digits, so their answer is remembered per
        line with every digit read as 0: a log's lines repeat with other time stamps, pids and addresses, and
        the same failing look over 36 patterns ran again for each. The others run every time."""
        blind, others = self._splits(i, strength)
        if others and self._any_matches(others, line):
            return True
        if not blind:
            return False
        if len(line) > SHAPE_MEMO_CHARS:
            return self._any_matches(blind, line)
        if self._shape_of[0] is not line:
            self._shape_of = (line, line.translate(_DIGITS_AS_0))
        key = (i, strength, self._shape_of[1])
        memo = self._shape_memo
        hit = memo.get(key)
        if hit is None:
            hit = self._any_matches(blind, line)
            if len(memo) >= SHAPE_MEMO:
                memo.clear()
            memo[key] = hit
        return hit

    @staticmethod
    def _any_matches(patterns: list[tuple[str, str, Any]], line: str) -> bool:
        gate = _GATES.get(id(patterns))
        if gate is None or gate[0] is not patterns:
            gate = _gate(patterns)
        _, hits, prefixes, at_prefix, plain, at_plain, casefolded, at_folded, srcs = gate
        if prefixes and line.startswith(prefixes):
            hits = hits + [k for p in prefixes if line.startswith(p) for k in at_prefix[p]]
        for lit in compress(plain, map(line.__contains__, plain)):
            hits = hits + at_plain[lit]
        if casefolded:
            for lit in compress(casefolded, map(line.casefold().__contains__, casefolded)):
                hits = hits + at_folded[lit]
        if not hits:
            return False
        if len(hits) > 1:
            hits = sorted(set(hits))
        for k in hits:  # the patterns whose condition holds, in their order: the regexes the loop over them ran
            if regex(srcs[k]).search(line):
                return True
        return False

    def _splits(self, i: int, strength: int) -> tuple[list[tuple[str, str, Any]], list[tuple[str, str, Any]]]:
        """Parser i's patterns of this strength: the digit-blind ones and the others (see _matches)."""
        split = self._split.get((i, strength))
        if split is None:
            pats = self.patterns[i][strength]
            blind_at, others_at = blind_split([src for src, _, _ in pats])
            split = self._split[(i, strength)] = ([pats[k] for k in blind_at], [pats[k] for k in others_at])
        return split

    def _shape_others(self, i: int, strength: int) -> list[tuple[str, str, Any]]:
        """Parser i's patterns of this strength that tell digits apart, with their conditions as they read on shapes."""
        got = self._shaped.get((i, strength))
        if got is None:
            got = self._shaped[(i, strength)] = [(src, *shape_condition(kind, arg)) for src, kind, arg in self._splits(i, strength)[1]]
        return got

    def _hint_state(self, i: int, low_shape: str) -> bool | None:
        """Does parser i's hint test pass for the lines of this (lower-cased) shape: True for every one, False for none,
        None when it depends on their digits (a hint with a digit whose shape the shape holds)."""
        if (self.no_hints >> i) & 1 or not self.hints[i]:
            return True
        shaped_hints = self._shaped_hints.get(i)
        if shaped_hints is None:
            shaped_hints = self._shaped_hints[i] = [(h.translate(_DIGITS_AS_0), h.translate(_DIGITS_AS_0) == h)
                                                    for h in self.hints[i] if "\n" not in h]
        maybe = False
        for shaped, plain in shaped_hints:
            if shaped in low_shape:
                if plain:
                    return True
                maybe = True
        return None if maybe else False

    def _hint_masks(self, shapes: Sequence[str], grams: set[str] | None = None) -> list[tuple[int, int]]:
        """`_hint_state` of every parser for each shape at once: (the parsers whose hint test passes for every line of the
        shape, those for which it depends on the digits); any other parser's is False. One find per hint over the joined
        lower-cased shapes, not a look for each hint of each candidate parser per shape. `grams`: the lower-cased shapes'
        3-character pieces (or more), when the shape scanner has them."""
        needles = self._hint_shape_needles
        if needles is None:
            found: dict[str, list[int]] = {}
            for i, hints in enumerate(self.hints):
                if (self.no_hints >> i) & 1 or not hints:
                    continue
                for h in hints:
                    if "\n" in h:
                        continue
                    shaped = h.translate(_DIGITS_AS_0)
                    found.setdefault(shaped, [0, 0])[0 if shaped == h else 1] |= 1 << i
            needles = self._hint_shape_needles = [(h, yes, maybe) for h, (yes, maybe) in found.items()]
        lows = [sh.lower() for sh in shapes]
        text = "\n".join(lows)
        starts: list[int] = []
        pos = 0
        for low in lows:
            starts.append(pos)
            pos += len(low) + 1
        always = self.no_hints
        for i, hints in enumerate(self.hints):
            if not hints:
                always |= 1 << i
        yes = [always] * len(lows)
        maybe = [0] * len(lows)
        if lows:  # (no hint holds a newline: each one found lies in one shape)
            if GRAM_FILTER and text.isascii():  # only the hints whose pieces the shapes hold (_present)
                needles = self._present(grams if grams is not None else {text[k:k + 3] for k in range(len(text) - 2)},
                                        needles)
            self._find_all(text, starts, needles, yes, maybe, lambda: lows)
        return list(zip(yes, maybe))

    def others_quiet(self, current: int, shapes: Sequence[str]) -> list[tuple[str, ...] | None]:
        """For each line shape (every digit read as 0, `_DIGITS_AS_0`): can a parser other than `current` claim a line
        of that shape strongly (what alone starts a new block while `current`'s is open and not cold)? None: some can
        (a digit-blind pattern of one matches the shape, which decides it for every line of that shape, digit_blind),
        else the patterns that tell digits apart and might match such a line (its shape holds their conditions read as
        shapes, `shape_condition`), for the caller to run on each line: none of them matches = no parser claims it.
        Hints count as the splitter's do (a parser claims only lines with one of its hints) where a shape decides them
        (a hint without digits), else the parser is taken as hinted. Exact by construction: every answer errs only
        towards "may claim"."""
        scanner = self._shape_scanner
        if scanner is None:
            scanner = self._shape_scanner = Prefilter(self.parsers, shapes=True)
            scanner._short_scans = INDEX_AFTER_SCANS  # its texts are a batch's few new shapes: the needle index at once
        masks, _ = scanner._scan(list(shapes))
        out: list[tuple[str, ...] | None] = []
        mine = ~(1 << current)
        for shape, mask, (yes, maybe) in zip(shapes, masks, self._hint_masks(shapes, scanner.last_grams)):
            mask &= mine & (yes | maybe)  # a parser whose hints no line of the shape holds claims none of them
            checks: list[str] = []
            loud = False
            while mask:
                bit = mask & -mask
                i = bit.bit_length() - 1
                mask ^= bit
                blind, others = self._splits(i, 2)
                if blind and self._any_matches(blind, shape):
                    loud = True
                    break
                for src, kind, arg in self._shape_others(i, 2):
                    if cond_holds(kind, arg, shape):
                        checks.append(src)
            out.append(None if loud else tuple(checks))
        return out

    def claims(self, i: int, line: str, strong_mask: int, weak_mask: int) -> bool:
        """Does parser i claim the line (strongly or weakly)? Candidate bits first, then its own patterns.
        Remembered per (parser, line, its two candidate bits): the splitter asks it of every line of an
        open block, and a restart loop repeats the same lines thousands of times."""
        bit = 1 << i
        strong, weak = bool(strong_mask & bit), bool(weak_mask & bit)
        if not (strong or weak):
            return False
        key = (i, line, strong, weak)
        memo = self._claims_memo
        hit = memo.get(key)
        if hit is None:
            hit = bool((strong and self._matches(i, 2, line)) or (weak and self._matches(i, 1, line)))
            if len(memo) >= MEMO_LINES:
                memo.clear()
            memo[key] = hit
        return hit

    def decide(self, line: str, strong_mask: int, weak_mask: int, current: int | None) -> tuple[int | None, int]:
        """`_decide`, remembered per (line, masks, open block): the answer is a pure function of them."""
        key = (line, strong_mask, weak_mask, current)
        memo = self._decide_memo
        hit = memo.get(key)
        if hit is None:
            hit = self._decide(line, strong_mask, weak_mask, current)
            if len(memo) >= MEMO_LINES:
                memo.clear()
            memo[key] = hit
        return hit

    def _decide(self, line: str, strong_mask: int, weak_mask: int, current: int | None) -> tuple[int | None, int]:
        """The classifier's answer for a line whose candidate masks are given.

        current None: (parser index, strength) of the first strong claim in registry order, else of the first
        weak claim, else (None, 0). current set: (index, 2) when the first strong claim belongs to another
        parser (the block changes), else (None, 0) (the line stays with the open block).
        """
        low: list[str | None] = [None]
        if current is not None:
            current_pending = False
            mask = strong_mask
            while mask:
                bit = mask & -mask
                i = bit.bit_length() - 1
                mask ^= bit
                if i == current:
                    current_pending = True
                    continue
                if self._hint_ok(i, line, low) and self._matches(i, 2, line):
                    if current_pending and self._hint_ok(current, line, low) and self._matches(current, 2, line):
                        return None, 0
                    return i, 2
            return None, 0
        mask = strong_mask
        while mask:
            bit = mask & -mask
            i = bit.bit_length() - 1
            mask ^= bit
            if self._hint_ok(i, line, low) and self._matches(i, 2, line):
                return i, 2
        mask = weak_mask
        while mask:
            bit = mask & -mask
            i = bit.bit_length() - 1
            mask ^= bit
            if self._hint_ok(i, line, low) and self._matches(i, 1, line):
                return i, 1
        return None, 0

    def _shape_plans(self, shapes: list[str]) -> list[Any]:
        """How each shape's lines are classified (`classify`), as far as the shape tells: the parsers that may claim them,
        strong ones first, each in registry order, as (parser, strength, hint, blind, patterns): `hint` False when the
        shape decides the parser's hints (a hint without digits) and True when they are to be looked for in the line;
        `blind` True when a digit-blind pattern matches the shape (then every line of it that passes the hints is
        claimed so); `patterns` those that tell digits apart and whose conditions the shape holds, to run on the line.
        Parsers that claim no line of the shape are left out; the plan ends at the first certain claim."""
        scanner = self._shape_scanner
        if scanner is None:
            scanner = self._shape_scanner = Prefilter(self.parsers, shapes=True)
            scanner._short_scans = INDEX_AFTER_SCANS  # its texts are a batch's few new shapes: the needle index at once
        strong_m, weak_m = scanner._scan(shapes)
        out: list[Any] = []
        for shape, sm, wm, (yes, maybe) in zip(shapes, strong_m, weak_m, self._hint_masks(shapes, scanner.last_grams)):
            plan: list[tuple[int, int, bool, bool, tuple[str, ...]]] = []
            done = False
            hinted = yes | maybe  # (_hint_state: True for yes, None for maybe only, False for neither)
            for strength, mask in ((2, sm & hinted), (1, wm & hinted)):
                while mask and not done:
                    bit = mask & -mask
                    i = bit.bit_length() - 1
                    mask ^= bit
                    hint = True if yes & bit else None
                    blind, others = self._splits(i, strength)
                    if blind and self._any_matches(blind, shape):
                        plan.append((i, strength, hint is None, True, ()))
                        done = hint is True
                        continue
                    checks = tuple(src for src, kind, arg in self._shape_others(i, strength) if cond_holds(kind, arg, shape))
                    if any(digit_upward(src) and regex(src).search(shape) for src in checks):
                        plan.append((i, strength, hint is None, True, ()))  # it matches every line of the shape
                        done = hint is True
                    elif checks:
                        plan.append((i, strength, hint is None, False, checks))
            out.append(tuple(plan))
        return out

    def shapes_pay(self, shapes: Sequence[str], memo: dict[str, Any] | None = None) -> bool:
        """Are a batch's shapes worth reading (each new shape costs about what classifying two lines does)? Only when
        few of them are new: a log whose lines repeat their shapes, not prose or a mix of tools."""
        if len(shapes) < SHAPES_MIN_LINES:
            return False  # a short text: its lines cost less one by one than its shapes' first reading
        if memo is None:
            memo = self._plans
        new = 0
        limit = max(SHAPES_NEW_MIN, len(shapes) // SHAPES_NEW_SHARE)
        for sh in set(shapes):
            if sh not in memo:
                new += 1
                if new > limit:
                    return False
        return True

    def shape_claims(self, shapes: Sequence[str], present: Presence) -> dict[str, Any]:
        """`classify` of every line of each shape, where the shape decides it for the batch `present` reads: the plan
        (`_shape_plans`, remembered) up to its first claim holds no hint to look for in a line and no pattern that
        tells digits apart which the batch may match. Else DEPENDS (the lines are classified one by one)."""
        memo = self._plans
        new = [sh for sh in dict.fromkeys(shapes) if len(sh) <= SHAPE_MEMO_CHARS and sh not in memo]
        if new:
            if len(memo) + len(new) > SHAPE_MEMO:
                memo.clear()
                new = [sh for sh in dict.fromkeys(shapes) if len(sh) <= SHAPE_MEMO_CHARS]
            for sh, plan in zip(new, self._shape_plans(new)):
                memo[sh] = plan
        out: dict[str, Any] = {}
        live_of: dict[Any, list[str]] = {}  # many shapes' plans hold the same checks: asked of `present` once
        for sh in shapes:
            plan = memo.get(sh)
            got: Any = DEPENDS
            if plan is not None:
                got = (None, 0)
                for i, strength, hint, blind, checks in plan:
                    live: list[str] | None
                    if not checks:
                        live = []
                    else:
                        key = checks if checks.__class__ is tuple else tuple(checks)
                        live = live_of.get(key)  # type: ignore[assignment]
                        if live is None:
                            live = live_of[key] = [src for src in checks if present(src)]
                    if not blind and not live:
                        continue
                    got = DEPENDS if hint or live else (i, strength)
                    break
            out[sh] = got
        return out

    def classify_batch(self, lines: Sequence[str]) -> list[tuple[int | None, int]]:
        """`classify_many`, the same answers, from the lines' shapes (`_shape_plans`, remembered per shape): a batch of a
        debug log holds a few dozen shapes. Per line only what the shape leaves open runs: the patterns that tell
        digits apart (those whose literals the batch holds somewhere, `Presence`) and hints with a digit."""
        n = len(lines)
        joined = "\n".join(lines)
        shapes = joined.translate(_DIGITS_AS_0).split("\n")
        if len(shapes) != n:
            return self.classify_many(lines)
        if not self.shapes_pay(shapes):
            return self.classify_many(lines)
        memo = self._plans
        distinct = list(dict.fromkeys(shapes))
        present = Presence(joined, shapes=distinct if 4 * len(distinct) <= n else None)
        decided = self.shape_claims(distinct, present)
        live: dict[int, Any] = {}  # id(plan) -> the plan with only the patterns this batch may match, compiled
        out: list[tuple[int | None, int]] = [(None, 0)] * n
        fall: list[int] = []
        for j, sh in enumerate(shapes):
            got = decided.get(sh, DEPENDS)
            if got is not DEPENDS:
                out[j] = got
                continue
            plan = memo.get(sh)
            if plan is None:
                fall.append(j)
                continue
            steps = live.get(id(plan))
            if steps is None:
                steps = live[id(plan)] = [(i, strength, hint, blind, [regex(src) for src in checks if present(src)])
                                          for i, strength, hint, blind, checks in plan]
            line = lines[j]
            for i, strength, hint, blind, checks in steps:
                if not blind and not checks:
                    continue
                if hint:
                    low = line.lower()
                    if not any(h in low for h in self.hints[i] if h):
                        continue
                if blind or any(rx.search(line) for rx in checks):
                    out[j] = (i, strength)
                    break
        if fall:
            for j, got in zip(fall, self.classify_many([lines[j] for j in fall])):
                out[j] = got
        return out

    def classify(self, line: str) -> tuple[int | None, int]:
        """The full answer for one line (no open block)."""
        strong, weak = self.scan([line])
        return self.decide(line, strong[0], weak[0], None)

    def classify_many(self, lines: Sequence[str]) -> list[tuple[int | None, int]]:
        """`classify` of each line, their literals scanned together (one pass per needle, not one per line)."""
        strong, weak = self.scan(lines)
        return [self.decide(line, strong[k], weak[k], None) for k, line in enumerate(lines)]


def batches(lines: Iterable[str], size: int) -> Iterable[list[str]]:
    """The lines in lists of at most `size` (bounded memory)."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
