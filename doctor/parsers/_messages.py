"""Messages as data: a tool's messages written once, as rows; the parser's recognizer is derived from them.

A row (`Msg`) says what one message of a tool looks like and what it means:

    Msg("avr_not_responding", r"programmer is not responding", strength="strong", fail=True,
        example="avrdude: stk500_recv(): programmer is not responding")

- `kind`: the event kind it becomes (None: the line only tells the splitter whose it is).
- `pattern`: a regular expression searched in the line (the whole line as pasted, stripped of surrounding
  white space); its named groups become the event's attributes (strings; `convert` turns them).
- `strength`: "strong" (a line matching it certainly belongs to this tool: it may start a block),
  "weak" (it fits this tool but also others: it starts a block only at the top of a text or after prose),
  "none" (meaningful only inside this tool's block).
- `fail`: the message reports a failure. GEN001 quotes failures no knowledge entry explains.
- `benign`: the line looks like a failure (it says "error", "failed"...) but is not one (dfu-util's
  get_status after `:leave`): the generic failure scan skips it.
- `attrs`: constant attributes of the event (e.g. `command="CONNECT"`).
- `example`: a line the tool really prints (from its source, or a real paste); tests/test_messages.py
  checks that it matches, that the splitter gives it to this parser when the row is strong, and that it
  yields the row's kind.

Rows are grouped by where they come from: `group("avrdude 6.3-8.0 src/stk500.c", Msg(...), ...)` sets
each row's `src`; the tables cite the tool, file and versions, in our own words and patterns.

`TableParser` is a Parser whose `strong`, `weak` and `event_kinds` are derived from its `messages`
(added to any it also writes by hand). Its `feed` matches the rows (the first matching row of each line,
or all of them with `all_matches = True`) and records events; a parser keeps state only where a
message's meaning depends on what came before, by overriding `on_event` (or `feed` around `match_line`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, ClassVar, Iterable

from doctor.parsers import Parser
from doctor.parsers._prefilter import _DIGITS_AS_0, blind_split, cond_holds, condition, regex, shape_condition

STRENGTHS = ("strong", "weak", "none")


@dataclass(frozen=True)
class Msg:
    kind: str | None
    pattern: str
    strength: str = "none"
    fail: bool = False
    benign: bool = False
    attrs: tuple[tuple[str, Any], ...] | dict[str, Any] = ()
    example: str = ""
    src: str = ""
    convert: tuple[tuple[str, Callable[[str], Any]], ...] = ()

    def __post_init__(self) -> None:
        if self.strength not in STRENGTHS:
            raise ValueError(f"{self.pattern!r}: strength {self.strength!r} is not one of {STRENGTHS}")
        if isinstance(self.attrs, dict):
            object.__setattr__(self, "attrs", tuple(self.attrs.items()))


def group(src: str, *rows: Msg) -> tuple[Msg, ...]:
    """Rows that come from one place (tool, file, versions): each gets it as `src` unless it names its own."""
    return tuple(r if r.src else replace(r, src=src) for r in rows)


def rows_of(*groups: Iterable[Msg]) -> tuple[Msg, ...]:
    return tuple(r for g in groups for r in g)


def to_int(text: str) -> int | None:
    try:
        return int(text, 0)
    except (TypeError, ValueError):
        try:
            return int(text, 16)
        except (TypeError, ValueError):
            return None


@dataclass
class _Compiled:
    row: Msg
    needles: tuple[str, ...] | None  # one of these or of folded_needles must occur; None = always try
    folded_needles: tuple[str, ...] = ()  # looked for in the case-folded text
    prefix: str | None = None
    regex: re.Pattern[str] | None = None  # compiled when a text first passes the needles
    single: str | None = None  # the one plain needle, when there is exactly one (most rows): one `in`, no generator


MEMO_TEXTS = 4096  # distinct texts whose matches a table remembers
TABLES: list["MessageTable"] = []  # every table made (load_all reads their conditions from the cache at once)


@dataclass
class MessageTable:
    """The compiled rows of one tool: `match(text)` gives the (row, match) pairs, first row first."""

    rows: tuple[Msg, ...]
    _memo: dict[tuple[str, bool], list[tuple[Msg, re.Match[str]]]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Built on first use, not here at import: a run reads a few tools' messages, and the conditions then
        # come from the start-up cache that load_all() reads once every table exists (_prefilter.preload).
        self._compiled: list[_Compiled] | None = None
        self._blind: list[int] = []  # indices of the digit-blind rows (_prefilter.digit_blind), with `compiled`
        self._others: list[int] = []  # and of the rows that tell digits apart
        self._shape_memo: dict[tuple[str, bool], tuple[int, ...]] = {}  # (text digits as 0, all) -> blind rows that match
        self._shaped: list[tuple[Msg, str, Any]] | None = None  # (quiet_shape) the rows that tell digits apart, conditions as shapes
        self._benign_rows: list[int] | None = None  # (benign) indices of the rows marked benign
        self._benign_memo: dict[str, bool] = {}  # (benign) text -> a benign row matches it
        TABLES.append(self)

    @property
    def compiled(self) -> list[_Compiled]:
        """Each row with its cheap condition (the regular expression itself is compiled when first needed)."""
        if self._compiled is None:
            out = []
            for row in self.rows:
                kind, value = condition(row.pattern)
                if kind == "prefix":
                    out.append(_Compiled(row, None, prefix=value))
                elif kind == "any":  # each literal is looked for in the text as written, or case-folded where its part of the pattern is (?i)
                    plain = tuple(t for t, f in value if not f)
                    out.append(_Compiled(row, plain, folded_needles=tuple(t for t, f in value if f),
                                         single=plain[0] if len(plain) == 1 else None))
                else:
                    out.append(_Compiled(row, None))
            self._blind, self._others = blind_split([c.row.pattern for c in out])
            self._compiled = out
        return self._compiled

    def match(self, text: str, all_matches: bool = False) -> list[tuple[Msg, re.Match[str]]]:
        """The rows matching `text` (the first only, unless all_matches). Remembered per distinct text (a
        bounded memo): a log repeats its lines, and a repeated line should cost a lookup, not the rows."""
        key = (text, all_matches)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._match(text, all_matches)
            if len(self._memo) >= MEMO_TEXTS:
                self._memo.clear()
            self._memo[key] = hit
        return list(hit)

    def _match(self, text: str, all_matches: bool) -> list[tuple[Msg, re.Match[str]]]:
        """The matching rows in table order. The digit-blind rows (most of a table) match a text exactly when they
        match it with every digit read as 0: which of them do is remembered per such shape (a log's lines come
        back with other time stamps, addresses and counts), and only those run again, for their fields. The rows
        that tell digits apart (`0x0000`, `Code 43`) are tried every time."""
        compiled = self.compiled
        key = (text.translate(_DIGITS_AS_0), all_matches)
        blind = self._shape_memo.get(key)
        if blind is None:
            blind = tuple(k for k, _ in self._rows(self._blind, text, all_matches))
            if len(self._shape_memo) >= MEMO_TEXTS:
                self._shape_memo.clear()
            self._shape_memo[key] = blind
        limit = blind[0] if blind and not all_matches else len(compiled)
        found = self._rows([k for k in self._others if k < limit] if limit < len(compiled) else self._others, text, all_matches)
        if not all_matches and found:
            return [(compiled[found[0][0]].row, found[0][1])]
        hits = dict(found)
        for k in blind:
            rx = compiled[k].regex or regex(compiled[k].row.pattern)
            m = rx.search(text)
            if m is not None:  # always, by digit_blind
                hits[k] = m
        return [(compiled[k].row, hits[k]) for k in sorted(hits)][: None if all_matches else 1]

    def _rows(self, indices: list[int], text: str, all_matches: bool) -> list[tuple[int, re.Match[str]]]:
        """(index, match) of the rows at `indices` (in order) that match `text`: the first only, unless all_matches."""
        out: list[tuple[int, re.Match[str]]] = []
        lowered: str | None = None
        compiled = self.compiled
        for k in indices:
            c = compiled[k]
            if c.prefix is not None and not text.startswith(c.prefix):
                continue
            needles = c.needles
            if needles is not None:
                single = c.single
                if single is not None:
                    hit = single in text
                else:
                    hit = False
                    for n in needles:
                        if n in text:
                            hit = True
                            break
                if not hit and c.folded_needles:
                    if lowered is None:
                        lowered = text.casefold()
                    for n in c.folded_needles:
                        if n in lowered:
                            hit = True
                            break
                if not hit:
                    continue
            rx = c.regex
            if rx is None:
                rx = c.regex = regex(c.row.pattern)
            m = rx.search(text)
            if m is not None:
                out.append((k, m))
                if not all_matches:
                    break
        return out

    def _shaped_rows(self) -> list[tuple[Msg, str, Any]]:
        """The rows that tell digits apart, each with its conditions as shapes (`shape_condition`), made once."""
        if self._shaped is None:
            compiled = self.compiled
            self._shaped = [(compiled[k].row, *shape_condition(*condition(compiled[k].row.pattern))) for k in self._others]
        return self._shaped

    def quiet_shape(self, shape: str, silent: Callable[[Msg], bool], all_matches: bool) -> tuple[str, ...] | None:
        """Of a stripped line's shape (every digit read as 0): None when a digit-blind row its parser would act on matches
        it (then it matches every line of that shape, digit_blind): the first such row, or any with `all_matches`,
        that is not `silent` (a row its parser does nothing with). Else the rows that tell digits apart and whose
        conditions the shape holds (`shape_condition`), silent ones left out: a line of that shape is one the parser does
        nothing with when none of these matches it (the row it would use is then silent or none)."""
        compiled = self.compiled
        if any(not silent(compiled[k].row) for k, _ in self._rows(self._blind, shape, all_matches)):
            return None
        shaped = self._shaped_rows()
        return tuple(row.pattern for row, kind, arg in shaped if not silent(row) and cond_holds(kind, arg, shape))

    def shape_row(self, shape: str) -> Msg | None:
        """The row that every stripped line of this shape (every digit read as 0) matches first, when the shape decides it:
        a digit-blind row matches the shape, and no row before it that tells digits apart has conditions the shape holds
        (`shape_condition`); else None."""
        compiled = self.compiled
        found = self._rows(self._blind, shape, False)
        if not found:
            return None
        first = found[0][0]
        shaped = self._shaped_rows()
        if any(k < first and cond_holds(kind, arg, shape) for k, (_, kind, arg) in zip(self._others, shaped)):
            return None
        return compiled[first].row

    def benign(self, text: str) -> bool:
        """Does a row marked `benign` match the text (what `match(text, all_matches=True)` would show)? Only those rows
        are tried (a table has a few), not every row: the failure scan asks this of each failure-looking line of a block,
        and a forum paste's are nearly all new (session 21). Remembered per text (a bounded memo)."""
        memo = self._benign_memo
        hit = memo.get(text)
        if hit is None:
            if self._benign_rows is None:
                self._benign_rows = [k for k, c in enumerate(self.compiled) if c.row.benign]
            hit = bool(self._benign_rows) and bool(self._rows(self._benign_rows, text, False))
            if len(memo) >= MEMO_TEXTS:
                memo.clear()
            memo[text] = hit
        return hit


def flat_pieces(text: str, starts: re.Pattern[str], *, min_len: int = 160, words: tuple[str, ...] = (), min_words: int = 1,
                head: re.Pattern[str] | None = None) -> list[str] | None:
    """A paste whose line breaks were lost (forum mirrors that flatten a code block: XenForo "Code:" blocks, gitmemories,
    githubissues.com; chat exports) puts a tool's whole run on one line. `starts` matches (zero-width) where the tool
    starts a line of its own; the pieces between are the lines as printed, or None when the line is not such a run: it
    is short, holds fewer than `min_words` of `words` (a cheap test first, so big logs skip the cutting), does not begin
    as `head`, or has no cut inside it after a start at 0 and fewer than two cuts otherwise."""
    if len(text) <= min_len or (words and sum(w in text for w in words) < min_words) or (head is not None and not head.match(text)):
        return None
    cuts = [m.start() for m in starts.finditer(text)]
    later = [c for c in cuts if c > 0]
    if not later or not (cuts[0] == 0 or len(later) >= 2):
        return None
    pieces = (text[a:b].strip() for a, b in zip([0, *later], [*later, len(text)]))
    return [piece for piece in pieces if piece]


def event_attrs(row: Msg, m: re.Match[str]) -> dict[str, Any]:
    """The event's attributes: the row's constants, then its named groups (converted where asked), but for those whose
    name starts with `_`."""
    attrs: dict[str, Any] = dict(row.attrs)  # type: ignore[arg-type]
    conv = dict(row.convert)
    for key, value in m.groupdict().items():
        if value is None or key.startswith("_"):
            continue  # a group named `_x` is the pattern's own (a back-reference, a conditional), no attribute
        fn = conv.get(key)
        attrs[key] = fn(value) if fn else value
    if row.fail:
        attrs["fail"] = True
    return attrs


FAILURE_MESSAGE = "failure_message"  # the event of a `fail` row without a kind of its own (session 17)


class TableParser(Parser):
    """A parser written as a table of rows (see the module docstring)."""

    messages: ClassVar[tuple[Msg, ...]] = ()
    all_matches: ClassVar[bool] = False
    fail_wins: ClassVar[bool] = False  # a failure fails the run even after its tool's own success line
    table: ClassVar[MessageTable]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        rows = cls.__dict__.get("messages")
        if rows is None:
            return
        cls.table = MessageTable(tuple(rows))
        own_strong = tuple(cls.__dict__.get("strong", ()))
        own_weak = tuple(cls.__dict__.get("weak", ()))
        own_kinds = tuple(cls.__dict__.get("event_kinds", ()))
        cls.strong = tuple(dict.fromkeys((*own_strong, *(r.pattern for r in rows if r.strength == "strong"))))
        cls.weak = tuple(dict.fromkeys((*own_weak, *(r.pattern for r in rows if r.strength == "weak"))))
        unnamed = (FAILURE_MESSAGE,) if any(r.fail and not r.kind for r in rows) else ()
        cls.event_kinds = tuple(dict.fromkeys((*own_kinds, *(r.kind for r in rows if r.kind), *unnamed)))

    def match_line(self, text: str) -> list[tuple[Msg, re.Match[str]]]:
        return self.table.match(text, self.all_matches)

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        matches = self.match_line(text)
        if not matches:
            self.on_unmatched(lineno, line)
        unnamed = None
        for row, m in matches:
            ev = self.event(row.kind, lineno, line, **event_attrs(row, m)) if row.kind else None
            if ev is None and row.fail and unnamed is None:
                unnamed = (row, m)
            self.on_event(ev, row, m, lineno, line)
        if unnamed is not None and not any(row.kind for row, _ in matches):
            # a failure the table names no kind for (no rule reads it): still a failed line of the run, which GEN001
            # quotes when nothing explains it, though it may say no failure word the scan would find ("Probing IC...
            # Nothing found.", "Program too large; running out of Flash sectors."); not when another row named it
            self.event(FAILURE_MESSAGE, lineno, line, **event_attrs(*unnamed))

    @classmethod
    def deferred_row(cls, row: Msg) -> bool:
        """(bulk path) May the events of lines this row matches be deferred (Parser.defer_events) while `defer_now()`
        holds? Only when, then, such a line changes nothing but through its event and `on_event`, its `on_event` neither
        reads the events nor changes the event or what `defer_now` reads, and after a run of such lines the parser is as
        after `on_event` of the last alone (a progress bar's line: only the last one's percentage counts)."""
        return False

    def defer_now(self) -> bool:
        """(bulk path) Do the `deferred_row` lines defer now?"""
        return True

    def flush_deferred(self) -> None:
        """Build the deferred events as `feed` would have (the row each line matches, its attributes), then `on_event`
        of the last line."""
        pend = self._deferred
        self._deferred = None
        if not pend:
            return
        last = None
        events = self.events
        source = self.source
        for lineno, line in pend:
            text = line.strip()
            row, m = self.match_line(text)[0]
            ev = {"kind": row.kind, "line": text[:500], "lineno": lineno, "source": source}
            ev.update({k: v for k, v in event_attrs(row, m).items() if v is not None})
            events.append(ev)
            last = (ev, row, m, lineno, line)
        assert last is not None
        self.on_event(*last)

    @classmethod
    def silent_row(cls, row: Msg) -> bool:
        """(bulk path) Does this parser do nothing with a line this row matches, whatever came before, while
        `quiet_now()` holds? A row with no kind may say so (a line shape that only tells the splitter whose it is)."""
        return False

    def quiet_now(self) -> bool:
        """(bulk path) Are the lines the parser does nothing with (no row, or only a `silent_row`) still nothing to it now?"""
        return True

    def on_unmatched(self, lineno: int, line: str) -> None:
        """Hook for a non-blank line no row knows (a parser that resets state on it, or quotes it later)."""

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        """Hook for state and summary fields (a parser overrides it where meaning depends on context)."""

    def finish(self) -> dict[str, Any]:
        return {self.namespace: {"runs": [self.run(**self.summary())]}}

    def summary(self) -> dict[str, Any]:
        """Summary fields of the run (success, version, ...): a parser overrides it. By default a run that shows
        its tool's own success line (`flash_succeeded`) succeeded, else one with a failure failed; with `fail_wins`
        any failure fails it."""
        failed = any(e.get("fail") for e in self.events)
        if failed and self.fail_wins:
            return {"success": False}
        if any(e["kind"] == "flash_succeeded" for e in self.events):
            return {"success": True}
        return {"success": False} if failed else {}
