"""The splitter's line classifier, made fast without changing what it decides.

The splitter asks, for every line, which parser claims it strongly (first in registry order), else which
claims it weakly. Run naively that is every parser's regular expressions against every line: tens of
microseconds for a long klippy.log `Stats` line, minutes for a 50 MB log. This module decides the same,
cheaply:

1. Every pattern gets a *necessary condition* read from its parsed form (`re._parser`): a literal the
   line must start with (`^avrdude: `), or a literal it must contain (`Response for command `, folded
   case for `(?i:...)` parts). A pattern with no such literal of at least 3 characters is "always a
   candidate". The conditions are checked for a whole batch of lines at once: one `str.find` pass per
   literal over the joined batch, one dictionary lookup plus `startswith` per line for the prefixes.
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

import bisect
import importlib
import re
import sys
from typing import Any, Iterable, Sequence

_P: Any
_C: Any
try:  # the regex parser of the standard library: private, so its absence only costs speed
    _C = importlib.import_module("re._constants")
    _P = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Pythons
    _P = None
    _C = None

MIN_LITERAL = 3
MAX_REGION_LINES = 20000  # a bulk region (klippy.log's config dump) owns at most this many lines
MEMO_LINES = 50000  # distinct line texts whose scan and decision are remembered (per Prefilter)
GRAM_FILTER_CHARS = 16384  # a batch text this long is first narrowed to the needles whose pieces all occur in it (_present)
DENSE_HITS = 8  # after this many hits a needle found in at least one line of DENSE_SPREAD ...
DENSE_SPREAD = 32  # ... is looked for line by line for the rest of the batch (one `in` per line beats one find per hit)


def _literal_runs(items: Any, icase: bool, out: list[list[tuple[str, bool]]]) -> None:
    """Collect what a match of this (parsed) sequence must contain: each entry of `out` is a list of
    alternatives (literal, case-folded), one of which must occur."""
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
                alternatives = _branch(sub_items[0][1][1], inner)
                if alternatives:
                    out.append(alternatives)
            else:
                _literal_runs(sub_items, inner, out)
        elif op is _C.BRANCH:
            alternatives = _branch(av[1], icase)
            if alternatives:
                out.append(alternatives)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            _literal_runs(list(av[2]), icase, out)  # repeated at least once: its literals are required
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            _literal_runs(list(av), icase, out)
    flush()


def _branch(branches: Any, icase: bool) -> list[tuple[str, bool]] | None:
    """One required literal per alternative of a branch (None when an alternative has none)."""
    alternatives = []
    for branch in branches:
        best = _best(list(branch), icase)
        if best is None:
            return None
        alternatives.extend(best)
    return alternatives


def _best(items: Any, icase: bool) -> list[tuple[str, bool]] | None:
    """The most selective requirement of a sequence: alternatives whose shortest literal is the longest."""
    found: list[list[tuple[str, bool]]] = []
    _literal_runs(items, icase, found)
    usable = [alts for alts in found if all(len(t) >= MIN_LITERAL and "\n" not in t for t, _ in alts) and len(alts) <= 16]
    if not usable:
        return None
    return max(usable, key=lambda alts: (min(len(t) for t, _ in alts), -len(alts)))


_CONDITIONS: dict[str, tuple[str, Any]] = {}  # pattern -> its condition, this process (and the disk cache)
_REGEXES: dict[str, re.Pattern[str]] = {}  # pattern -> compiled, on first use


def regex(pattern: str) -> re.Pattern[str]:
    """The compiled pattern, compiled when first used and then kept: a run reads a few tools' messages, so
    compiling all ~3,000 patterns of every table at start-up (0.3 s) was mostly wasted; re's own cache
    (512 entries) cannot hold them all."""
    rx = _REGEXES.get(pattern)
    if rx is None:
        rx = _REGEXES[pattern] = re.compile(pattern)
    return rx


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
    """Read the conditions of these patterns from the start-up cache (doctor/cache.py), or work them out
    and write it: reading ~3,000 patterns' parsed forms costs 0.2 s a run, the cache a few milliseconds.
    Keyed by the patterns and the Python version (the parsed form is the standard library's)."""
    from doctor import cache

    todo = sorted(set(patterns) - _CONDITIONS.keys())
    if not todo:
        return
    where = cache.path([("python", sys.version), ("patterns", "\0".join(todo))], "prefilter")
    stored = cache.read(where)
    if _valid(stored, todo):
        for pattern, (kind, arg) in zip(todo, stored):
            _CONDITIONS.setdefault(pattern, _frozen(kind, arg))
        return
    cache.write(where, [condition(pattern) for pattern in todo])


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
    return ("any", best) if best is not None else ("always", None)


class Prefilter:
    """Per parser and strength (2 strong, 1 weak), the patterns with their conditions, and the batch scanner."""

    def __init__(self, parsers: Sequence[Any]) -> None:
        self.parsers = list(parsers)
        self.hints = [tuple(h.lower() for h in getattr(p, "hints", ()) or ()) for p in self.parsers]
        # patterns[i][s] = [(pattern, kind, arg)] for parser i, strength s (s = 2 strong, 1 weak)
        self.patterns: list[dict[int, list[tuple[str, str, Any]]]] = []
        self.prefixes: dict[str, list[tuple[str, int, int]]] = {}  # first char -> [(prefix, bit, strength)]
        self.literals: dict[tuple[str, bool], list[int]] = {}  # (literal, folded) -> [mask_strong, mask_weak]
        self.always = [0, 0, 0]  # masks of parsers with an always-candidate pattern, by strength index
        self.bulk: dict[str, list[tuple[str, int]]] = {}
        # (start prefix, end prefix, parser index, the shape every line inside has or None)
        self.regions: list[tuple[str, str, int, Any]] = []
        self._scan_memo: dict[str, tuple[int, int]] = {}
        self._decide_memo: dict[tuple[str, int, int, int | None], tuple[int | None, int]] = {}
        self._claims_memo: dict[tuple[int, str, bool, bool], bool] = {}
        self._needle_grams: dict[str, tuple[str, ...]] = {}  # a needle's 3-character pieces (_present)
        for i, p in enumerate(self.parsers):
            bit = 1 << i
            per: dict[int, list[tuple[str, str, Any]]] = {2: [], 1: []}
            for strength, sources in ((2, p.strong), (1, p.weak)):
                for src in sources:
                    kind, arg = condition(src)
                    per[strength].append((src, kind, arg))  # compiled when a line first needs it
                    if kind == "prefix":
                        self.prefixes.setdefault(arg[0], []).append((arg, bit, strength))
                    elif kind == "any":
                        for lit in arg:
                            masks = self.literals.setdefault(lit, [0, 0, 0])
                            masks[strength] |= bit
                    else:
                        self.always[strength] |= bit
            self.patterns.append(per)
            for prefix in getattr(p, "bulk", ()) or ():
                if prefix:
                    self.bulk.setdefault(prefix[0], []).append((prefix, i))
            for start, end, *body in getattr(p, "bulk_regions", ()) or ():
                if start and end:
                    self.regions.append((start, end, i, body[0] if body else None))
        self.has_folded = any(folded for _, folded in self.literals)
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
        out: list[int | None] = []
        region = state.get("region")  # (end prefix, parser index, lines so far, body shape)
        starts = tuple(r[0] for r in self.regions)
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
        prefixes = self.prefixes
        if prefixes:
            for j, line in enumerate(lines):
                cands = prefixes.get(line[:1])
                if cands:
                    for prefix, bit, strength in cands:
                        if line.startswith(prefix):
                            if strength == 2:
                                strong[j] |= bit
                            else:
                                weak[j] |= bit
        if not n:
            return strong, weak
        text = "\n".join(lines)
        grams: set[str] | None = None
        if len(text) >= GRAM_FILTER_CHARS and text.isascii():  # (_present) ASCII: lower-casing and case-folding keep lengths
            low_text = text.lower()
            grams = {low_text[k:k + 3] for k in range(len(low_text) - 2)}
        starts = [0] * n
        pos = 0
        for j, line in enumerate(lines):
            starts[j] = pos
            pos += len(line) + 1
        self._find_all(text, starts, self._present(grams, self._plain_needles), strong, weak,
                       lambda: list(lines))
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
            self._find_all(folded_text, folded_starts, self._present(grams, self._folded_needles), strong, weak,
                           lambda: [line.casefold() for line in lines])
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
                self._find_all(lowered, low_starts, self._present(grams, [(h, bits, 0) for h, bits in self.hint_bits.items() if bits & wanted]),
                               hinted, None,
                               lambda: [line.lower() for line in lines])
            for j in range(n):
                if strong[j]:
                    strong[j] &= hinted[j]
                if weak[j]:
                    weak[j] &= hinted[j]
        return strong, weak

    def _present(self, grams: set[str] | None, needles: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """The needles that may occur in a batch: with the set of its lower-cased 3-character pieces (`grams`, made
        for a big ASCII batch), those whose every lower-cased piece is in it; one set and some lookups instead of a
        find over the whole batch for each of ~3,000 needles, most of them absent. Exact: a needle that occurs in an
        ASCII text has all its lower-cased pieces in the text's (a non-ASCII needle cannot occur there and goes). A
        short or non-ASCII text (one line being classified) keeps them all."""
        if grams is None:
            return needles
        memo = self._needle_grams
        out = []
        for nd in needles:
            pieces = memo.get(nd[0])
            if pieces is None:
                low = nd[0].lower()
                pieces = memo[nd[0]] = tuple({low[k:k + 3] for k in range(len(low) - 2)})
            for g in pieces:
                if g not in grams:
                    break
            else:
                out.append(nd)
        return out

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
        folded: str | None = None
        for src, kind, arg in self.patterns[i][strength]:
            if kind == "prefix":
                if not line.startswith(arg):
                    continue
            elif kind == "any":  # the pattern's necessary literals (one must occur): a regex runs only past them
                for lit, lit_folded in arg:
                    if lit_folded:
                        if folded is None:
                            folded = line.casefold()
                        if lit in folded:
                            break
                    elif lit in line:
                        break
                else:
                    continue
            if regex(src).search(line):
                return True
        return False

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
