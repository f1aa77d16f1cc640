"""Parsers of pasted text: tool outputs and logs in, facts (the same schema as live probes) out.

A text is recognised by its content, never by its file name. The splitter reads a stream line by
line (bounded memory: a 50 MB klippy.log is never held whole), asks every registered parser how
strongly it claims each line, and cuts the stream into blocks: a line that another parser claims
strongly starts a new block; unclaimed lines stay with the block they are in. Each block is fed
line by line to a fresh instance of its parser, whose `finish()` returns a facts fragment.

A parser module:

    from doctor.parsers import Parser, register

    @register
    class AvrdudeParser(Parser):
        name = "avrdude"                    # also the run's `tool` unless the parser says otherwise
        namespace = "avrdude"               # where its facts go
        strong = (r"^avrdude(?:\\.exe)?: ",)  # regexes: a line matching one certainly belongs to this tool
        weak = (r"Device signature = ",)    # regexes: lines that fit this tool but also others
        event_kinds = ("avr_signature", ...)  # every event kind it emits (declared to the schema)

        def feed(self, lineno: int, line: str) -> None: ...
        def finish(self) -> dict: ...        # e.g. {"avrdude": {"runs": [run]}}

The splitter decides which parser claims a line without running every pattern on every line
(doctor.parsers._prefilter): each pattern's required literal or prefix is looked up for a whole batch
of lines at once, hints filter the same way, and while a block is open only other parsers' strong
patterns are examined. `bulk` prefixes (klippy.log's `Stats ` lines) go straight to their open block.
A 50 MB klippy.log parses in about a second (benchmarks/bench_analyze.py).

Parsers must never raise on bad input: the splitter catches anything they raise, records it as a
parse error fact, and goes on (and the fuzz tests make sure that stays rare).
"""

from __future__ import annotations

import bisect
import importlib
from collections import Counter, deque
import pkgutil
import re
import threading
from typing import Any, Callable, ClassVar, Iterable, Iterator

from doctor import facts as factmod
from doctor import schema
from doctor.parsers._prefilter import _DIGITS_AS_0, DEPENDS, Prefilter, Presence, batches, regex
from doctor.parsers._reader import Batch, TextReader

MAX_LINE = 4096  # characters kept of one line


class Parser:
    name: ClassVar[str] = ""
    namespace: ClassVar[str] = ""
    strong: ClassVar[tuple[str, ...]] = ()
    weak: ClassVar[tuple[str, ...]] = ()
    event_kinds: ClassVar[tuple[str, ...]] = ()
    # Line prefixes that certainly belong to this parser (klippy.log's "Stats "): while its block is open,
    # such lines go to it without being classified. Optional; keep them specific.
    bulk: ClassVar[tuple[str, ...]] = ()
    # Stretches that certainly belong to this parser, as (first line's prefix, last line's prefix[, body]): klippy.log's
    # config dump. Same treatment as bulk lines; a region ends at its last line, after 20000 lines, or (with a body:
    # a compiled regex every line inside matches) at the first line that does not match the body.
    bulk_regions: ClassVar[tuple[tuple[Any, ...], ...]] = ()
    # Cheap pre-filter: a line is only matched against the regexes when it contains one of these
    # substrings (lower-cased). Empty = always try the regexes.
    hints: ClassVar[tuple[str, ...]] = ()
    # Regexes of lines that look like failures ("error", "failed"...) but are harmless for this tool: the
    # generic failure scan (GEN001) skips them. Message tables mark such rows `benign` instead.
    benign: ClassVar[tuple[str, ...]] = ()
    # The tool (or the log this parser reads) prints time stamps of its own (the kernel's, stlink's ISO stamps, ST-LINK
    # Utility's, Wally's, a Mainsail console's): a line it claims with its stamp is read with it (_undecorate_batch).
    stamped: ClassVar[bool] = False
    # (framing s21) A wrapper that prints its own header and verdict around another tool's output (PlatformIO's
    # "Configuring upload protocol..." ... "[FAILED] Took", the Arduino IDE's "Sketch uses ..." ... "Failed uploading",
    # make's recipe echo ... "make: *** [...] Error 1"): in its block, a line it does not claim and another parser claims
    # even weakly starts that parser's block, as it would at the top of a text. The uploader's or monitor's lines inside
    # the frame are theirs to read, not the wrapper's.
    frame: ClassVar[bool] = False

    @staticmethod
    def settle(out: dict[str, Any]) -> None:
        """Called once on a whole text's facts after every block of it was read, for a reading that spans several
        parsers' blocks (esptool's port scan: its per-port failures sit in the serial table's blocks and a later
        `Chip is` in esptool's makes them moot). Most parsers have none."""

    # A block's events stay bounded however long it runs (an openocd -d3 log, a st-flash debug log, a progress bar
    # pasted line by line): past 2 * KEEP_RECENT_EVENTS events the block keeps, of its older events, the first copy
    # of each distinct event up to FIRSTS_PER_KIND of a kind (every kind seen stays, with its first attributes), and
    # its KEEP_RECENT_EVENTS latest; the run counts the rest in `events_omitted`. No real paste comes near it (the
    # most events one run of tests/cases holds is a few dozen); None: the parser bounds its events itself.
    KEEP_RECENT_EVENTS: ClassVar[int | None] = 500
    FIRSTS_PER_KIND: ClassVar[int] = 32

    def __init__(self, source: str) -> None:
        self.source = source
        self.events: list[dict[str, Any]] = []
        self.first_line = 0
        self.last_line = 0
        self.events_omitted = 0
        keep = self.KEEP_RECENT_EVENTS
        self._events_high = 2 * keep if keep else 0

    def event(self, kind: str, lineno: int, line: str, **attrs: Any) -> dict[str, Any]:
        """Record an event; `line` is the evidence quoted to the user."""
        ev = {"kind": kind, "line": line.strip()[:500], "lineno": lineno, "source": self.source}
        ev.update({k: v for k, v in attrs.items() if v is not None})
        self.events.append(ev)
        if self._events_high and len(self.events) > self._events_high:
            self._bound_events()
        return ev

    def _bound_events(self) -> None:
        """Thin the events as KEEP_RECENT_EVENTS says (amortised: the next thinning waits for as many new events)."""
        keep = int(self.KEEP_RECENT_EVENTS or 0)
        self.events, dropped = factmod.thin_events(self.events, keep, per_kind=self.FIRSTS_PER_KIND)
        self.events_omitted += dropped
        self._events_high = len(self.events) + 2 * keep
        self._saturate(len(self.events) - keep)

    # (bulk path) Kinds of which the kept older events already hold FIRSTS_PER_KIND: every later event of such a kind is
    # dropped by any later thinning once it is older than the latest KEEP_RECENT_EVENTS (the kept firsts come first and
    # stay kept, so the count is reached before it), whatever its content.
    _saturated: frozenset[str] = frozenset()
    # (bulk path) Lines whose events (of a saturated kind) are recorded but not built yet: a suffix of the events, built
    # by `flush_deferred` before anything reads the parser again (defer_events).
    _deferred: list[tuple[int, str]] | None = None

    def _saturate(self, older: int) -> None:
        per_kind = self.FIRSTS_PER_KIND
        counts = Counter(ev.get("kind") if isinstance(ev, dict) else None for ev in self.events[:max(0, older)])
        self._saturated = frozenset(k for k, c in counts.items() if isinstance(k, str) and c >= per_kind)

    def defer_events(self, items: list[tuple[int, str]]) -> None:
        """(bulk path) Record the events of these (lineno, line)s, each of a kind in `_saturated`, as `event` would one by
        one, building only those a thinning keeps (`flush_deferred`): one falling among the older events is dropped
        (its kind is saturated), so a thinning here thins the built events alone and keeps the latest of the rest."""
        keep = int(self.KEEP_RECENT_EVENTS or 0)
        pend = self._deferred
        if pend is None:
            pend = self._deferred = []
        i, n = 0, len(items)
        while i < n:
            room = self._events_high + 1 - len(self.events) - len(pend)
            if n - i < room:
                pend.extend(items[i:])
                break
            pend.extend(items[i:i + room])
            i += room
            # the thinning `event` does at this append: of the built events, those older than the latest `keep` are thinned
            real_recent = max(0, keep - len(pend))
            dropped = 0
            if len(self.events) > real_recent:
                self.events, dropped = factmod.thin_events(self.events, real_recent, per_kind=self.FIRSTS_PER_KIND)
            if len(pend) > keep:
                dropped += len(pend) - keep
                del pend[:len(pend) - keep]
            self.events_omitted += dropped
            self._events_high = len(self.events) + len(pend) + 2 * keep
            self._saturate(len(self.events) - real_recent)

    def flush_deferred(self) -> None:
        """Build the deferred events (defer_events); a parser that defers says how (TableParser)."""
        self._deferred = None

    def feed(self, lineno: int, line: str) -> None:
        raise NotImplementedError

    def finish(self) -> dict[str, Any]:
        raise NotImplementedError

    def run(self, **summary: Any) -> dict[str, Any]:
        """A run record for this block, in the schema's RUN shape."""
        run: dict[str, Any] = {"tool": self.name, "origin": "pasted", "source": self.source, "events": self.events}
        if self.events_omitted:
            run["events_omitted"] = self.events_omitted
        run.update({k: v for k, v in summary.items() if v is not None})
        return run


REGISTRY: list[type[Parser]] = []
_SETTLERS: list[type[Parser]] | None = None


def _settlers() -> list[type[Parser]]:
    """The parsers that define a `settle` of their own (computed once, after every parser module is loaded)."""
    global _SETTLERS
    if _SETTLERS is None:
        _SETTLERS = [cls for cls in load_all() if cls.settle is not Parser.settle]
    return _SETTLERS


def register(cls: type[Parser]) -> type[Parser]:
    if not cls.name or not cls.namespace:
        raise TypeError(f"{cls.__name__} needs a name and a namespace")
    schema.declare_event_kinds(*cls.event_kinds)
    REGISTRY.append(cls)
    if cls.frame:
        _FRAME_NAMES.add(cls.name)
    return cls


_LOAD_LOCK = threading.Lock()
_loaded = False


def load_all() -> list[type[Parser]]:
    """Import every parser module once (each registers itself and declares its event kinds); the registry.

    Lazy, not at import: importing them all compiles a few hundred regular expressions (~0.1 s), which a
    scan that uses one parser (the kernel probe) or none should not pay at start-up."""
    global _loaded
    with _LOAD_LOCK:
        if not _loaded:
            importlib.import_module(f"{__name__}._common")
            for info in pkgutil.iter_modules(__path__):
                if not info.name.startswith("_"):
                    importlib.import_module(f"{__name__}.{info.name}")
            from doctor.parsers import _messages, _prefilter

            # every table and recognizer now exists: their conditions come from the start-up cache at once
            _prefilter.preload([*(r.pattern for t in _messages.TABLES for r in t.rows),
                                *(pat for cls in REGISTRY for pat in (*cls.strong, *cls.weak))])
            _loaded = True
    return REGISTRY


def registry_order() -> list[type[Parser]]:
    """Every parser in the order the splitter asks them: by module name (as `load_all` imports them), then
    by registration, so the order does not depend on which parser modules something imported first."""
    return sorted(load_all(), key=lambda cls: cls.__module__)


class _Matcher:
    """Classifies a line: (parser class, strength) for the strongest claim, strength 2 strong, 1 weak, 0 none.

    The first strong claim in registry order wins, else the first weak one; a parser with `hints` only
    claims lines containing one of them (lower-cased). The work is done by _prefilter.Prefilter, which
    decides the same without running every regular expression on every line.
    """

    _cache: ClassVar[dict[tuple[type[Parser], ...], Prefilter]] = {}

    def __init__(self, parsers: list[type[Parser]]) -> None:
        self.parsers = list(parsers)
        key = tuple(self.parsers)
        prefilter = self._cache.get(key)
        if prefilter is None:  # compiled once per set of parsers (a few hundred patterns)
            prefilter = self._cache[key] = Prefilter(self.parsers)
            if len(self._cache) > 8:
                self._cache.pop(next(iter(self._cache)))
        self.prefilter = prefilter

    def classify(self, line: str) -> tuple[type[Parser] | None, int]:
        i, strength = self.prefilter.classify(line)
        return (self.parsers[i], strength) if i is not None else (None, 0)


# The generic failure scan (GEN001: a failure no entry explains is quoted, never silence). Words tools use when
# something went wrong, in English as the tools print them; a line that says so but is known to be harmless
# (a parser's `benign` rows, counts of zero errors, compiler flags) is not one.
_FAILURE = re.compile(  # searched in lower-cased text (one str.lower of a batch beats a case-insensitive scan)
    r"(?<![\w-])(?:errors?\b|fail(?:ed|ure|s)?\b|fatal\b|cannot\b|can't\b|can not\b|could ?n[o']t\b|unable to\b"
    r"|not found\b|no such (?:file|device)|denied\b|refused\b|timed out\b|timeout\b|traceback\b|exception\b|aborted\b"
    r"|mis-?match\b|not responding\b|did not respond\b|no response\b|not recognized\b|is not recognised\b|resource busy\b"
    r"|not supported\b|no device\b|not in sync\b|shutdown\b|lost communication\b|invalid\b|unexpected\b|panic\b"
    r"|does not exist\b|doesn't exist\b|not acknowledged\b|nack\b|giving up\b|not erased\b|corrupt(?:ed|ion)?\b|unsupported\b"
    r"|no target\b|busy\b|no dfu\b|overflow(?:ed)?\b|stall(?:ed)?\b|wrong\b|illegal\b|no answer\b|not detected\b"
    r"|undefined reference\b|not permitted\b|segmentation fault\b|core dumped\b|no rule to make target\b|broken pipe\b"
    r"|no space left\b|read-only file system\b|bad cpu type\b"
    # (failure cues s15) wordings the first-contact threads showed silent: adb/fastboot "no permissions", cu's "Line in
    # use", "is currently open", "isn't compatible", "Found 0 serial ports" / "0 devices found"
    r"|(?:no|insufficient|incorrect|wrong|missing) permissions?\b|currently open\b|line in use\b|(?:not|isn't|is not) compatible\b"
    r"|incompatible\b|found 0\b|\b0 (?:\w+ ){0,2}found\b"
    # (silence s16) "No boards found", "No phone has been found!" (not a search that goes on: "... found yet, waiting",
    # "No CH55x USB Found, retry..."), and a wrapper's exit code that is not
    # 0 ("exit status 1", "exited with code 2", "returned non-zero exit status 127", "Process finished with exit code 1"), and
    # "bad <something>" from a protocol ("k5_receive: bad magic number", "bad crc 0x6ed1", avrdude's "bad response to ..."):
    # the first-contact threads of sessions 11-15 showed these alone and silent (7 of 103 silent texts); no healthy text there
    # or in tests/cases says either
    r"|no (?:[\w.\-/]+ ){0,3}(?:has been |have been |was |were |could be |is |are )?found\b(?! yet|,? *retry)"
    r"|bad (?:[\w-]+ ){0,2}(?:crc|checksum|magic|response|reply|answer|status|header|packet|frame|data|signature|sync|ack|access"
    r"|length|size|address|state|image|file|id|version|connection|request|parameter|argument|descriptor|value)\b"
    r"|exit(?:ed)? (?:status|code|with code|with status):? ?(?:-?[1-9]\d*|0x0*[1-9a-f][0-9a-f]*)\b|non-zero exit\b|returned non-zero\b"
    # (avr-can s21) ENETDOWN's strerror ("Network is down", errno 100) as a person repeats it ("it says network down"): the
    # text python-can, can-utils and Klipper print for a CAN interface that is not up (linux-can/can-utils#125 was silent);
    # (reviewfix s21) only the strerror itself or a tool's report of it, not "my wifi network is down half the time"
    r"|(?<!wifi )(?<!wi-fi )(?<!wireless )(?<!home )network is down\b|(?:says|said|saying|reports?|shows?) (?:that )?(?:the )?network (?:is )?down\b"
    # (tool-host s22) a port or device another program holds, in the words a tool without a failure word prints it
    # (esc-configurator's "Port already in use by another application", "... is in use by another process"): the port_busy
    # failure cue names it SER003. Not a socket's "address already in use" (a failure too, which the cue leaves to GEN001)
    # (review s22) not denied ("was not in use by another process")
    r"|(?<!not )(?<!n't )(?<!never )(?:already (?:been )?in use\b|in use by (?:another|other|a different)\b)"
    # (tool-host s22) a person's account of a transfer that stopped ("the connection breaks randomly ... between 6-12% of
    # the upload progress", espressif/esptool#67: a 3.3 V regulator browning out): a failure, never silence
    # (review s22) said as it happened, not as a condition ("if your connection drops, ..."), not the plural nouns ("connection
    # drops are retried"), not a wifi link, not a past drop with "but ... works" after it
    r"|^(?![^\n]*\bwi-?fi\b)(?![^\n]*\b(?:if|when|whenever|in case)\s+(?:(?:the|your|my|a|an|its)\s+)?(?:[\w-]+\s+)?connection\s)"
    r"(?![^\n]*\bconnection (?:breaks|drops)\s+(?:are|were|will|can|may|get|gets|happen\w*|occur\w*)\b)(?![^\n]*\bbut\b[^\n]*\bworks?\b)"
    r"[^\n]*?\bconnection (?:breaks|broke|drops|dropped|keeps (?:breaking|dropping))\b"
    # (review s22) the German Windows loader dialog ("Der Prozedureinsprungpunkt NAME wurde in der DLL X nicht gefunden"),
    # which holds no English failure word: the library_missing cue names it
    r"|prozedureinsprungpunkt\b[^\n]{0,200}\bnicht gefunden\b)"
)
# (silence s17) An exception raised and not caught, on its own line the way Python (`BlockingIOError: [Errno 11] Resource
# temporarily unavailable`, `serial.serialutil.SerialException: ...`, `ZeroDivisionError: division by zero`) and Java
# (`java.io.IOException: ...`) print it last: the class name carries the only failure word, which the word scan above
# does not see inside a name. Matched on the line as printed (the capitals tell a class name from `usb_error: 0`).
_EXCEPTION_LINE = re.compile(r"^\s*(?:[a-z_]\w*\.){0,6}[A-Z]\w*(?:Error|Exception)(?::\s|:?$)")
_NOT_FAILURE = re.compile(
    r"(?i)(?:\b(?:0|no|zero|without) (?:errors?|failures?)\b|\berrors?:? *(?:0|none)\b|\bfailed:? *0\b|-W(?:no-)?error"
    r"|\bon[_ -]error\b|\berror_?(?:check|handler|code: 0)|\bexceptions? (?:disabled|enabled)|-fno-exceptions"
    r"|ignore[ds]? (?:error|fail)|\bif (?:it|this) fails\b|\bin case of (?:error|failure)|\bfail(?:ure)?s? (?:are|is) (?:normal|expected|harmless)"
    r"|configuration file does not exist"
    r"|incompatible image detection"  # a DAPLink DETAILS.TXT setting
    # (nrf-lora-zmk s12) GNU make job.c: a recipe line marked `-` failed and make went on ("make: [dfu] Error 1 (ignored)",
    # 4.x "make: [Makefile:12: dfu] Error 1 (ignored)")
    r"|\berror \d+ \(ignored\)"
    # (healthy s16) a time-out shown as a setting, its value last: avrdude's programmer listing "Timeout : 200", OpenBLT
    # BootCommander's "-> Timeout T1: 1000 ms" (the healthy first-contact threads of session 15 flagged for it), "timeout=1"
    # (trim s22) also padded to a column, as avrdude -v prints its part's settings ("Timeout                       : 200"),
    # which a paste cut below avrdude's own lines shows without the avrdude block that knew them
    r"|\btime-?outs?\b[\w ()]{0,16}\s*[:=]\s*\d+(?:\.\d+)?\s*(?:ms|s|secs?|seconds?|us|milliseconds?)?\s*[,;)]?\s*$"
    # (trim s22) iproute2's `ip -s link` statistics header ("RX:  bytes packets errors dropped  missed   mcast"): column
    # names, their counts on the next line; a paste cut below the `ip` command shows it without the interface line
    r"|^\s*[RT]X:?\s+bytes\s+packets\s+errors\s+dropped\b"
    # (healthy s17) gdb built without expat (xPack, MinGW and distro cross gdbs) warns on `target remote` / `run`
    # (gdb/xml-tdesc.c, gdb/solib-target.c: "warning: Can not parse XML target description; XML support was disabled at
    # compile time", "... XML library list; ..."): gdb falls back to its default register set and goes on loading and
    # stepping. Not the memory map (gdb/memory-map.c): without it gdb knows no flash regions and a `load` to flash can fail
    r"|\bcan not parse xml (?:target description|library list); xml support was disabled at compile time"
    # (audit-host-usb s18) macOS `ioreg -p IOUSB` lists every registry entry's state as "<class AppleUSBDevice, id 0x...,
    # registered, matched, active, busy 0 (1 ms), retain 14>": a count of pending matches, no device busy
    r"|\bbusy \d+ \(\d+ ms\)"
    # (framing s21) a person's question around a paste, asking what is wrong ("any idea what is wrong?", "what am I doing
    # wrong", "is anything wrong here?") or what an error means ("what does this error mean?"): no tool prints these, and
    # the question states no failure of its own; a statement ("something is wrong with the board") still counts
    r"|\bwhat(?:'s| is| was| went| (?:am i|are (?:we|you)|i'?m|i am|i did|i do)(?: doing)?| (?:could|might|can) be)\s+wrong\b[^.!:]{0,60}(?:\?|$)"
    r"|\b(?:is |are )?(?:any|some)thing(?:'s| is)? wrong\b[^.!:]{0,60}\?"
    r"|\bwhat (?:does|do) (?:this|these|that|those|the) (?:\w+ )?(?:errors?|failures?|messages?) mean\b[^.!:]{0,30}(?:\?|$)"
    r")"
)


# (silence s16) A text that ends with its tool still waiting ("Waiting for the new upload port...", "Connecting....",
# "< waiting for any device >", "Waiting for BCM2835/6/7/2711...", espflash's "[2023-05-25T20:06:26Z INFO ] Connecting...")
# shows a run that never finished: the person pasted it because it hung there. A waiting word at the line's start and an
# ellipsis (or fastboot's closing bracket) at its end; a word after the dots is the wait's outcome (Maple's "Waiting for
# COM5 serial.... Done.", "... Timed out."). Only the text's last such line counts (_stalled_tail); the rules quote it
# (GEN001) only when no failure line and no run that ended in success is shown anywhere (derive.unexplained_failures).
_STALL = re.compile(r"(?i)^\s*(?:\[[^\]]{0,40}\]\s*)?(?:(?:info|debug|[id] \(\d+\))\s*:?\s+)?(?:<\s*)?(?:still\s+)?(?:waiting|connecting|trying|retrying|searching|looking for|polling)\b"
                    r"(?!.*\b(?:ok|o\.k|done|succe\w*|found|connected|detected|complete\w*|ready)\b)"
                    r"(?=.*(?:\.{3,}|\u2026|>)\W*$)")


def _stalled_tail(tail: Iterable[tuple[int, str]], failing: set[str], prefilter: Prefilter) -> tuple[int, str] | None:
    """The text's last waiting line (see _STALL), or None. It may be followed by the person's own words after a
    blank line (a quoted paste, then "and then it hangs there"): lines no parser claims, no failure, no shell prompt
    (the tool had exited). Any line right below it, without a blank between, is more of the tool's output."""
    entries = list(tail)
    for k in range(len(entries) - 1, -1, -1):
        lineno, line = entries[k]
        if line.strip()[:500] in failing:
            return None
        if _STALL.match(_bare(line)):
            return (lineno, line) if k == len(entries) - 1 or entries[k + 1][0] - lineno > 1 else None
        if _PROMPT_END.search(line) or prefilter.classify(line)[0] is not None:
            return None
    return None


_FRAME_NAMES: set[str] = set()  # (framing s21) the names of the registered wrappers (Parser.frame), filled by `register`
_PROMPT_END = re.compile(r"(?:^|[\w\])~/]\s?)[$#%>]\s*$")  # "pi@host:~ $", "(base) mac:dir user$", "C:\\x>", "PS C:\\x>"
_NOT_TAIL = re.compile(r"^\s*(?:\.{2,}|\u2026|\[\.{3}\]|\(\.{3}\)|\^C|<snip>|# ?snip\w*)?\s*$", re.IGNORECASE)
MAX_BLOCKS = 1000  # blocks listed per text (then only blocks of a tool not listed yet; the rest are counted)
COMPACT_EVERY = 256  # blocks closed between two foldings of repeated runs (facts.compact)
MAX_RUNS = 1000  # runs kept per namespace of one text: the first half and the latest ones, the rest counted
MAX_FAILURES = 40  # failure lines kept per text (the first ones, then the last ones)

_FENCE = re.compile(r"^\s*(```|~~~)")
_FENCE_START = "`~"  # a fence line starts with one of these or with whitespace (cheap test before the regex)
BATCH_LINES = 2048  # lines classified together (the literal scan runs once per batch)


_QUOTE = re.compile(r"^ {0,3}(?:> ?)+")


def _unquote(lines: Iterable[str]) -> Iterator[str]:
    """Forum posts quote pasted output with Markdown's `> `: the tools' own lines are what is inside."""
    for line in lines:
        if line[:1] == ">" or (line[:1] == " " and line.lstrip(" ")[:1] == ">"):
            line = _QUOTE.sub("", line, count=1)
        yield line


_QUOTED_AT = re.compile(r"\n *>")  # a line that `_unquote` reads as quoted, in "\n" + the batch joined
JOIN_CHARS = 400_000  # a batch longer than this (klippy's Stats lines) is looked at line by line, not joined again


def _unquote_batch(batch: list[str]) -> list[str]:
    """`_unquote` for a batch: most batches hold no quoted line, and then cost one search of the joined batch (or, for
    long lines, a look at each line's first characters)."""
    if sum(map(len, batch)) < JOIN_CHARS:
        quoted = _QUOTED_AT.search("\n" + "\n".join(batch)) is not None
    else:
        quoted = any(line[:1] == ">" or (line[:1] == " " and line.lstrip(" ")[:1] == ">") for line in batch)
    return list(_unquote(batch)) if quoted else batch


_CONSOLE_WIDTHS = frozenset((80, 100, 120, 132))
# (s12 wrapped pastes) How a row a console cut at its width goes on. A cut falls anywhere, so the next row
# usually continues a word, a number or a path ("...usba" / "sp -p t85"), starts with what never starts a
# message (".", ",", ")"...), follows a row that ends in what never ends one ("/", "(", "=", "-"...), or the cut
# fell at a space; a bracket or quote the row opens and the next row closes joins them whatever else follows. A
# next row that starts the way the cut line did ("[  12.345678]", "avrdude:", a date, "- ", "key: value") or is
# indented is a line of its own.
_WRAP_END = frozenset("([{/\\=-_<@&+|")
_WRAP_START = frozenset(".,;:)]}!?%")
_HEAD = re.compile(r"\s*[^\W\d_]{3,}[:\s]")
_KEY = re.compile(r"[a-z_][a-z0-9_]*\s*[:=]\s")  # printer.cfg's "serial: ...", "restart_method: command"
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))


def _head(line: str) -> str:
    """The shape a line starts with: its first 8 characters, digits as 0 and letters as a, runs of one kind as one."""
    out: list[str] = []
    for ch in line[:8]:
        c = "0" if ch.isdigit() else "a" if ch.isalpha() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _quote_open(text: str) -> bool:
    """Whether `text` ends inside a single-quoted value ("vendor='www.fi"): its last quote opens one (an apostrophe
    follows a letter)."""
    i = text.rfind("'")
    return i >= 0 and (i == 0 or text[i - 1] in " =([{:,") and text.count("'") % 2 == 1


def _quote_closes(text: str) -> bool:
    """Whether the first single quote of `text` closes a value ("schl.de' product=..."), not an apostrophe."""
    k = text.find("'")
    return k >= 0 and not text[k + 1:k + 2].isalnum()


def _wrap_cut(line: str, nxt: str, start: str) -> int:
    """Whether `line` (exactly a console width long; `start` the line it ends, joined so far) was cut from `nxt`:
    0 a line of its own follows, 1 the cut shows (a word, number or path goes on, or the cut is at a space), 2
    nothing tells either way, 3 a bracket or quote opened before the cut is closed after it."""
    if not nxt.strip():
        return 0
    stripped, nstripped = line.strip(), nxt.strip()
    if len(set(stripped)) < 2 or (len(nstripped) >= 4 and len(set(nstripped)) < 2):
        return 0  # a ruler drawn at the width, or under it
    x, y = line[-1], nxt[0]
    if (y == "\t" or nxt[:2] == "  ") and line[-2:] != "  ":
        return 0  # an indented line (a traceback's, a listing's), unless the cut fell in a run of spaces
    head = _head(start)
    if head == _head(nxt) and head.strip("a _"):
        return 0  # both start like records of one log: "[  12.3...] usb", "2019-09-15T...", " 12 [ ..."
    m = _HEAD.match(start)
    if m and nxt.startswith(m.group()) or _KEY.match(start) and _KEY.match(nxt):
        return 0  # the same tool or level word ("avrdude:", " DEBUG "), or two "key: value" lines (printer.cfg)
    if any(start.count(o) > start.count(c) and nxt.count(c) > nxt.count(o) for o, c in _PAIRS) \
            or start.count('"') % 2 and nxt.count('"') % 2 or _quote_open(start) and _quote_closes(nxt):
        return 3  # "[Error: Permission denied," / " cannot open /dev/ttyUSB0] +1ms"; "vendor='" / "www.fischl.de'"
    word_goes_on = (x.isalnum() or x == "_") and (y.isalnum() or y == "_") and not (y.isupper() and nxt[1:2].islower())
    cut_at_a_space = (x == " " and line[-2:-1] != " " and not y.isspace()) or (y == " " and nxt[1:2] != " " and x != " ")
    if word_goes_on or y in _WRAP_START or (x in _WRAP_END and not y.isspace()) or cut_at_a_space:
        return 1
    return 2


def _unwrap_batch(batch: list[str], skips: dict[int, int],
                  classify: Callable[[str], tuple[int | None, int]] | None = None) -> tuple[list[str], dict[int, int]]:
    """A paste copied from a console that breaks long lines at its width (Windows' console host, PuTTY, a terminal
    copied by screen region, a forum editor) has every long line cut at the same column: the longest lines are
    exactly 80 (100, 120, 132) characters and the rest of each continues on the next line. In a batch none of whose
    lines is longer, a line of exactly that width is joined with the next when the cut shows (`_wrap_cut`) and no
    parser claims the next line on its own, or when a bracket or quote spans the cut. With two or more lines at the
    width the batch was surely cut, so a next line a parser claims is joined too when the cut shows, and one
    nothing tells apart when no parser reads it as a message of its own. A line of its own (a ruler, an indented
    line, one that starts like the cut line) is never joined. A joined line keeps the first line's number and the
    lines it took are counted as skipped. Any other batch costs one `max` over its lengths."""
    width = max(map(len, batch), default=0)
    if width not in _CONSOLE_WIDTHS or skips:
        return batch, skips
    rows = [k for k, line in enumerate(batch) if len(line) == width]
    surely = len(rows) >= 2
    out: list[str] = []
    new_skips: dict[int, int] = {}
    n = len(batch)
    done = 0  # batch[:done] is in out
    for i in rows:
        if i < done:
            continue  # taken by the line before
        line = piece = batch[i]
        j = i
        while len(piece) == width and j + 1 < n:
            nxt = batch[j + 1]
            cut = _wrap_cut(piece, nxt, line)
            if cut == 0:
                break
            claimed = classify(nxt)[1] if classify is not None and cut != 3 else 0
            if (cut == 2 or claimed) and not surely or cut == 2 and claimed == 2:
                break  # a message of its own may follow (one a parser reads so is never joined)
            j += 1
            piece = nxt
            line += piece
        if j > i:
            out.extend(batch[done:i])
            out.append(line)
            new_skips[len(out)] = j - i  # the next kept line's number counts the lines joined here
            done = j + 1
    if not done:
        return batch, skips
    out.extend(batch[done:])
    return out, new_skips  # a skip at len(out): rows the batch's last line took (counted after it)


# A time stamp a logger or terminal put before every line (`ts`, a serial monitor's "12:34:56.789 -> ", a
# console's "[12:34:56]", an ISO date and time): clock forms only, so the kernel's "[  12.345678]" and syslog's
# "Dec  5 12:34:56 host" (kernel_log's own prefixes) never match.
# (esp-wrappers s12) a bracketed clock may touch the text: ESPHome's and ESPHome-Flasher's log of a serial console prints
# "[12:32:58]flash read err, 1000" (esphome 1.x-2024.x __main__.py run_miniterm and esphome-flasher 1.x __main__.py
# show_logs: strftime("[%H:%M:%S]") + line).
_STAMP = re.compile(
    r"^\s*(?:\[(?:\d{4}[-/]\d\d[-/]\d\d[ T])?\d{1,2}:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\](?:\s*(?:->|-|\|)(?=\s))?\s*"
    r"|(?:\d{4}[-/]\d\d[-/]\d\d[ T])?\d{1,2}:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?(?:\s*(?:->|-|\|)(?=\s))?\s+)"
    r"(?=[^\s:])"  # "HH:MM:SS : " is ST-LINK Utility's own (stm32cubeprog reads it)
)


# A Markdown list marker before each pasted line ("- avrdude: ...", "* ..."), and a line that is all inline code
# ("`No DFU capable USB device available`"): forum ways of pasting one message per line.
_BULLET = re.compile(r"^\s{0,3}[-*+\u2022]\s+(?=\S)")
_TICKED = re.compile(r"^\s*(`+)\s*([^`]+?)\s*\1\s*$")
_DECOR_FIRST = frozenset("0123456789[-*+\u2022`")


def _bare(line: str) -> str:
    """The line without the decoration a logger or a forum put around it (a time stamp, a list marker, inline code
    ticks), twice at most ("- `text`")."""
    for _ in range(2):
        head = line.lstrip()[:1]
        if head == "`":
            m = _TICKED.match(line)
            bare = m.group(2) if m else line
        elif head in "-*+\u2022":
            bare = _BULLET.sub("", line, count=1)
        else:
            bare = _STAMP.sub("", line, count=1)
        if bare == line:
            break
        line = bare
    return line


def _claims_both_ways(prefilter: Prefilter, lines: list[str],
                      bares: list[str]) -> list[tuple[tuple[int | None, int], tuple[int | None, int]]]:
    """How the classifier claims each line as written and without its decoration, every line in one literal scan (a
    stamped log of 20,000 lines is one pass per needle, not 40,000: classify() scans every parser's needles for one
    line)."""
    both = prefilter.classify_batch([*lines, *bares]) if BULK else prefilter.classify_many([*lines, *bares])
    return list(zip(both[:len(lines)], both[len(lines):]))


def _undecorate_batch(batch: list[str], prefilter: Prefilter) -> list[str]:
    """A paste whose every line carries a decoration the tool did not print has its tools' lines behind it: a time
    stamp (a logger, a terminal, a serial monitor), a Markdown list marker, inline-code ticks around the whole line.
    When most non-blank lines of a batch start with such a decoration (`_bare` changes them), each line is read
    without it when a parser claims it so at least as surely (its rows are written for the tool's own line), as it
    is when only the decorated form is claimed or claimed more surely (Wally, a Mainsail console print their own
    stamp; J-Flash's log its "- ERROR:"); a line no parser claims either way follows the batch's majority. Any
    other batch costs one look at each line's first character."""
    lines = 0
    decorated = 0
    for line in batch:
        c = line[:1]
        if c == " ":
            c = line.lstrip(" ")[:1]
        if c in _DECOR_FIRST:
            decorated += 1
        elif c and not line.isspace():
            lines += 1
    if not decorated or decorated < lines:
        return batch
    if BULK:
        fast = _undecorate_shapes(batch, prefilter, lines + decorated)
        if fast is not None:
            return fast
    bare = [_bare(line) if line.lstrip(" ")[:1] in _DECOR_FIRST else line for line in batch]
    changed = [j for j in range(len(batch)) if bare[j] != batch[j]]
    if not changed or 2 * len(changed) < lines + decorated:  # most non-blank lines decorated
        return batch
    choice: dict[int, bool] = {}
    parsers = prefilter.parsers
    claims = _claims_both_ways(prefilter, [batch[j] for j in changed], [bare[j] for j in changed])
    for j, ((as_is, as_is_strength), (without, without_strength)) in zip(changed, claims):
        if as_is is not None and parsers[as_is].stamped and _STAMP.match(batch[j]):
            choice[j] = False  # a tool that prints its own stamps reads them (kernel_log: journalctl -o short-iso)
            continue
        if without is not None and (as_is is None or as_is == without or without_strength >= as_is_strength):
            choice[j] = True  # the tool's own line behind a decoration its parser reads past or not at all
        elif as_is is not None:
            choice[j] = False  # the decoration is the tool's own (a parser claims the line by it, more surely)
    majority = 2 * sum(choice.values()) > len(choice)
    out = list(batch)
    for j in changed:
        if choice.get(j, majority):
            out[j] = bare[j]
    return out


def _bare_span(line: str) -> tuple[int, int] | None:
    """Where `_bare(line)` lies in the line (it only cuts a stamp or a list marker off the front, or takes what inline
    ticks hold); None for ticks (their pattern reads the ticks back, so it is not read from a shape)."""
    start = 0
    for _ in range(2):
        head = line.lstrip()[:1]
        if head == "`":
            return None
        m = (_BULLET if head in "-*+\u2022" else _STAMP).match(line)
        if m is None or not m.end():
            break
        start += m.end()
        line = line[m.end():]
    return start, start + len(line)


_SPANS: dict[str, tuple[int, int] | None] = {}  # (_undecorate_shapes) shape -> _bare_span's answer, or the whole shape
_NO_SPAN = object()


def _undecorate_shapes(batch: list[str], prefilter: Prefilter, counted: int) -> list[str] | None:
    """(bulk path) `_undecorate_batch` from the lines' shapes (every digit read as 0): _STAMP and _BULLET are
    digit-blind, so a line's bare form is the same slice of it as of its shape, and how a shape's lines are claimed
    decorated and bare comes from `Prefilter.shape_claims` where the shape decides it; the other lines are classified
    one by one as in `_undecorate_batch`. The same choices, line for line; None when the batch is not read so."""
    n = len(batch)
    joined = "\n".join(batch)
    shapes = joined.translate(_DIGITS_AS_0).split("\n")
    if len(shapes) != n or not prefilter.shapes_pay(shapes):
        return None
    counts = Counter(shapes)
    spans: dict[str, tuple[int, int] | None] = {}
    known = _SPANS
    for sh in counts:
        sp: Any = known.get(sh, _NO_SPAN)
        if sp is _NO_SPAN:  # (a shape comes back batch after batch: its span is remembered)
            sp = _bare_span(sh) if sh.lstrip(" ")[:1] in _DECOR_FIRST else (0, len(sh))
            if len(known) >= QUIET_MEMO:
                known.clear()
            known[sh] = sp
        spans[sh] = sp
    cut = {sh: sh[sp[0]:sp[1]] for sh, sp in spans.items() if sp is not None and (sp[0] or sp[1] != len(sh))}
    ticked = {sh for sh, sp in spans.items() if sp is None}  # _bare per line
    bare: dict[int, str] = {}
    if ticked:
        for j, sh in enumerate(shapes):
            if sh in ticked:
                text = _bare(batch[j])
                if text != batch[j]:
                    bare[j] = text
    if not cut and not bare or 2 * (sum(counts[sh] for sh in cut) + len(bare)) < counted:
        return batch
    present = Presence(joined, shapes=counts if 4 * len(counts) <= n else None)
    claims = prefilter.shape_claims([*cut, *cut.values()], present)
    parsers = prefilter.parsers
    by_shape: dict[str, Any] = {}  # shape -> True / False (read bare or not) / None (the majority) / DEPENDS
    for sh, without_sh in cut.items():
        as_is_c, without_c = claims.get(sh, DEPENDS), claims.get(without_sh, DEPENDS)
        if as_is_c is DEPENDS or without_c is DEPENDS:
            by_shape[sh] = DEPENDS
            continue
        (as_is, as_is_strength), (without, without_strength) = as_is_c, without_c
        if as_is is not None and parsers[as_is].stamped and _STAMP.match(sh):
            by_shape[sh] = False
        elif without is not None and (as_is is None or as_is == without or without_strength >= as_is_strength):
            by_shape[sh] = True
        elif as_is is not None:
            by_shape[sh] = False
        else:
            by_shape[sh] = None
    slow = sorted([*bare, *(j for j, sh in enumerate(shapes) if by_shape.get(sh) is DEPENDS)]) \
        if bare or any(v is DEPENDS for v in by_shape.values()) else []
    choice: dict[int, bool] = {}
    if slow:
        for j in slow:
            if j not in bare:
                sp = spans[shapes[j]]
                bare[j] = batch[j][sp[0]:sp[1]]  # type: ignore[index]
        for j, ((as_is, as_is_strength), (without, without_strength)) in zip(
                slow, _claims_both_ways(prefilter, [batch[j] for j in slow], [bare[j] for j in slow])):
            if as_is is not None and parsers[as_is].stamped and _STAMP.match(batch[j]):
                choice[j] = False
            elif without is not None and (as_is is None or as_is == without or without_strength >= as_is_strength):
                choice[j] = True
            elif as_is is not None:
                choice[j] = False
    yes = sum(choice.values())
    decided = len(choice)
    for sh, v in by_shape.items():
        if v is True or v is False:
            decided += counts[sh]
            yes += counts[sh] * v
    majority = 2 * yes > decided
    take: dict[str, tuple[int, int]] = {}
    for sh, v in by_shape.items():
        if v is True or (v is None and majority):
            take[sh] = spans[sh]  # type: ignore[assignment]
    out = [line[t[0]:t[1]] if (t := take.get(sh)) else line for line, sh in zip(batch, shapes)] if take else list(batch)
    for j in slow:
        v = choice.get(j)
        if v is None:
            v = majority
        if v:
            out[j] = bare[j]
    return out


# (board-vendors s13) A paste wrapped in one Markdown inline-code span instead of a fence: a single backtick opens it at
# the start of the first line and closes it at the end of the last ("`Failed to flash to /dev/serial/by-id/...: Error
# running dfu-util" ... "make: *** [...] Error 255`", Klipper #3663; "`biqu@BTT-CB1:~/klipper$ sudo dfu-util ...",
# Manta-M8P #112). A line with that one tick at either end is read without it when a parser claims the bare line at
# least as surely; a line with a second tick (ld's "`.text' will not fit in region `rom'") is the tool's own.
# The same for Markdown emphasis left in a paste that was not fenced: a lone "**" where bold opens or closes
# ("pi@micron:~/katapult$ ls /**dev/serial/by-id" ... "usb-Klipper_stm32g0b1xx_m8p-if00_**", Esoterical/voron_canbus #85)
# and a single "_" of italics at the very start or end of a line; "***" (make's "make: *** [...]") is never touched.
_LONE_BOLD = re.compile(r"\*\*(?<!\*\*\*)(?!\*)")  # "**" with no "*" either side (the literal first: a fast scan)
_EDGE_ITALIC = re.compile(r"^(\s*)_(?=[A-Za-z0-9/~.])|(?<=[A-Za-z0-9])_(\s*)$")


def _unmarked(line: str) -> str:
    """The line without the one inline-code tick or Markdown emphasis mark a forum paste left at its edge."""
    if "`" in line and line.count("`") == 1:
        body = line.strip()
        if len(body) >= 2 and (body[0] == "`" or body[-1] == "`"):
            return line.replace("`", "", 1)
    if "**" in line and len(_LONE_BOLD.findall(line)) == 1 and line.count("*") == 2:
        line = _LONE_BOLD.sub("", line, count=1)
        return _EDGE_ITALIC.sub(lambda m: m.group(1) or m.group(2) or "", line)
    return line


def _untick_span_batch(batch: list[str], prefilter: Prefilter) -> list[str]:
    if len(batch) > 64:  # most batches hold neither mark: two finds over the joined batch, not two per (long) line
        joined = "\n".join(batch)
        if "`" not in joined and ("**" not in joined or not _LONE_BOLD.search(joined)):
            return batch  # ("***" is no mark: a lone "**" matches in a line exactly where it matches in the joined batch)
    cand: list[int] = []
    bare: list[str] = []
    for j, line in enumerate(batch):
        if "`" not in line and "**" not in line:
            continue
        plain = _unmarked(line)
        if plain == line:
            continue
        cand.append(j)
        bare.append(plain)
    if not cand:
        return batch
    out = batch
    claims = _claims_both_ways(prefilter, [batch[j] for j in cand], bare)
    for k, (j, ((as_is, as_is_strength), (without, without_strength))) in enumerate(zip(cand, claims)):
        if without is not None and (as_is is None or without_strength >= as_is_strength):
            if out is batch:
                out = list(batch)
            out[j] = bare[k]
    return out


# (arduino-ide2 s12) The Arduino Cloud Agent's debug console (arduino-create-agent conn.go, upload/upload.go 1.x) shows each
# step of an upload as a JSON object, pretty-printed one key a line: {"Msg": "<one line of the uploader's output>",
# "ProgrammerStatus": "Busy"}, "Starting" first, {"ProgrammerStatus": "Error", "Msg": "Executing command: exit status 1"} or
# {"Flash": "Ok", "ProgrammerStatus": "Done"} last. In a batch that shows the status key, a "Msg" line is read as the text
# it carries (bossac's, avrdude's, dfu-util's own line, for its parser) and a Starting/Busy/Done status line as blank (the
# agent's "Busy" is an upload under way, not a busy port); "Error" stays for the failure scan.
_AGENT_MSG = re.compile(r'^\s*"Msg":\s*"((?:[^"\\]|\\.)*)",?\s*$')
_AGENT_STATUS = re.compile(r'^\s*"ProgrammerStatus":\s*"(?:Starting|Busy|Done)",?\s*$')
_JSON_ESCAPES = {"n": " ", "t": " ", "r": " ", '"': '"', "\\": "\\", "/": "/"}


def _unjson_agent_batch(batch: list[str]) -> list[str]:
    """The Cloud Agent's upload status objects unwrapped to the uploader's lines (see _AGENT_MSG); any other batch costs
    one substring look per line."""
    if ('"ProgrammerStatus"' not in "\n".join(batch) if sum(map(len, batch)) < JOIN_CHARS
            else not any('"ProgrammerStatus"' in line for line in batch)):
        return batch
    out: list[str] = []
    for line in batch:
        m = _AGENT_MSG.match(line)
        if m:
            out.append(re.sub(r"\\(.)", lambda e: _JSON_ESCAPES.get(e.group(1), e.group(1)), m.group(1)))
        elif _AGENT_STATUS.match(line):
            out.append("")
        else:
            out.append(line)
    return out


_CUT_MARKS = frozenset(("...", "\u2026", "[...]", "(...)", "[\u2026]", "(\u2026)", ". . ."))


def _dedent_batch(batch: list[str]) -> list[str]:
    """A paste indented whole (a Markdown code block copied with its four spaces, a quoted e-mail) loses the
    indentation its every non-blank line shares, as `textwrap.dedent` would: the tools' lines start where they
    printed them. A batch with one line at the margin (any text with a heading, a prompt, a first line) is
    returned as it is after one look at that line."""
    common: str | None = None
    for line in batch:
        if not line or line.isspace():
            continue
        if line.strip() in _CUT_MARKS:
            continue  # (trim s22) a person's cut ("...") typed at the margin of an indented paste: not the tool's line
        if line[:1] not in " \t":
            return batch
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if common is None:
            common = lead
        elif not lead.startswith(common):
            k = 0
            while k < len(common) and k < len(lead) and common[k] == lead[k]:
                k += 1
            common = common[:k]
            if not common:
                return batch
    if not common:
        return batch
    n = len(common)
    return [line[n:] if line[:n] == common else line.lstrip(" \t") for line in batch]


# The bulk path (session 17): while a block is open and not cold, most lines of a long log change nothing but the line
# count, the tail and the open block's last line: no other parser claims them strongly, they are no failure, no fence, no
# blank, and the open block's parser does nothing with them. Such lines are found per batch from their shapes (every
# digit read as 0: a 2,048-line batch of a debug log or a syslog holds a few dozen) and skipped in runs; every other line
# takes the per-line path below unchanged. BULK = False gives the per-line path alone (tests/test_bulk_path.py compares).
BULK = True
BULK_SKIPPED = [0]  # lines the bulk path skipped in this process (tests/test_bulk_path.py: it does engage)
BULK_FED = [0]  # lines it fed to the open block without classifying them (the same)
BULK_DEFERRED = [0]  # of those, lines whose events the block deferred (Parser.defer_events)
QUIET_MEMO = 8192  # shapes whose verdict is remembered per open parser
QUIET_CHARS = 400  # a longer line takes the per-line path


def _own_quiet(cls: type[Parser]) -> Callable[[str], Any] | None:
    """How to tell, from a line's shape, that the parser's `feed` does nothing with every line of that shape: a
    function of the shape giving None (it may act) or the patterns to run on the stripped line (none matches = it does
    nothing); None when the parser offers no such reading (it keeps the per-line path).

    A message table whose feed is TableParser's own (no `feed`, `match_line` or `on_unmatched` of its own) does nothing
    with a line no row matches (`MessageTable.quiet_shape`); a parser with its own feed may say so itself
    (`quiet_shape(shape) -> bool`, kernel_log)."""
    got = _OWN_QUIET.get(cls, False)
    if got is not False:
        return got  # type: ignore[return-value]
    from doctor.parsers._messages import TableParser

    fn: Callable[[str], Any] | None = None
    own = getattr(cls, "quiet_shape", None)
    if own is not None:
        fn = lambda shape: () if own(shape) else None  # noqa: E731
    elif (issubclass(cls, TableParser) and cls.feed is TableParser.feed and cls.match_line is TableParser.match_line
          and cls.on_unmatched is TableParser.on_unmatched):
        table = cls.table
        silent = cls.silent_row  # type: ignore[attr-defined]
        every = bool(cls.all_matches)  # type: ignore[attr-defined]
        fn = lambda shape: table.quiet_shape(shape.strip(), silent, every)  # noqa: E731
    _OWN_QUIET[cls] = fn
    return fn


_OWN_QUIET: dict[type[Parser], Callable[[str], Any] | None] = {}


def _own_deferred(cls: type[Parser]) -> Callable[[str], Any] | None:
    """How to tell, from a line's shape, that the open parser may defer the event of every line of that shape (a message
    table's `deferred_row`, the row that every line of the shape matches first: `MessageTable.shape_row`): a function of
    the shape giving that row or None; None when the parser never defers."""
    got = _OWN_DEFERRED.get(cls, False)
    if got is not False:
        return got  # type: ignore[return-value]
    from doctor.parsers._messages import TableParser

    fn: Callable[[str], Any] | None = None
    if (issubclass(cls, TableParser) and cls.feed is TableParser.feed and cls.match_line is TableParser.match_line
            and cls.on_unmatched is TableParser.on_unmatched and not cls.all_matches
            and cls.KEEP_RECENT_EVENTS and any(cls.deferred_row(r) for r in cls.table.rows)):
        table = cls.table
        deferred = cls.deferred_row

        def fn(shape: str) -> Any:
            row = table.shape_row(shape.strip())
            return row if row is not None and row.kind and not row.convert and deferred(row) else None
    _OWN_DEFERRED[cls] = fn
    return fn


_OWN_DEFERRED: dict[type[Parser], Callable[[str], Any] | None] = {}


def _quiet_runs(prefilter: Prefilter, current: int, batch: list[str], owners: list[Any], failing: set[int],
                skips: dict[int, int]) -> tuple[list[int], list[int], list[Any]] | None:
    """(skippable, loud, rows): for each line of the batch 1 when the open block of parser `current` may skip it, 2 when
    it must be fed to that block but no other parser claims it strongly (it needs no classifying while the block is open
    and not cold), 3 + k when it is such a line whose event the block may defer (`Parser.defer_events`) and `rows[k]`
    is the message row it matches, else 0; the indexes of the lines it may not skip, then len(batch); and the rows. None
    when that parser offers no quiet reading (or the batch's shapes are mostly new).

    A line is skipped only when, for every line of its shape, the per-line path would do nothing but count it: not
    blank, no fence, no bulk owner, no failure (`failing`), no repeated region left out before it, no parser but the
    open one claims it strongly (`Prefilter.others_quiet`) and the open one's feed does nothing with it (`_own_quiet`);
    the patterns that tell digits apart which the shapes leave open are run on the line itself."""
    own = _own_quiet(prefilter.parsers[current])
    if own is None:
        return None
    defer = _own_deferred(prefilter.parsers[current])
    n = len(batch)
    joined = "\n".join(batch)
    shapes = joined.translate(_DIGITS_AS_0).split("\n")
    if len(shapes) != n:
        return None
    memo = prefilter._quiet.get(current)
    if memo is None:
        memo = prefilter._quiet[current] = {}
    if not prefilter.shapes_pay(shapes, memo):
        return None
    distinct: list[str] | None = list(dict.fromkeys(shapes))
    new = [sh for sh in distinct if sh not in memo]  # type: ignore[union-attr]
    if new:
        if len(memo) + len(new) > QUIET_MEMO:
            memo.clear()
            new = list(distinct)  # type: ignore[arg-type]
        verdicts: list[Any] = [None] * len(new)
        ask = [k for k, sh in enumerate(new)
               if len(sh) <= QUIET_CHARS and sh.strip() and not ((sh[:1] in _FENCE_START or sh[:1].isspace()) and _FENCE.match(sh))]
        if ask:
            others = prefilter.others_quiet(current, [new[k] for k in ask])
            for k, theirs in zip(ask, others):
                if theirs is None:
                    continue
                mine = own(new[k])  # None: the open parser may act on such lines
                verdicts[k] = (theirs, mine, defer(new[k]) if mine is None and defer is not None else None)
        for sh, v in zip(new, verdicts):
            memo[sh] = v
    if distinct is not None and 4 * len(distinct) > n:
        distinct = None  # the shapes hardly repeat (klippy's long Stats lines): literals are looked for in the lines
    present = Presence(joined, shapes=distinct)  # the patterns left to run on lines: only those the batch may match
    present_stripped = Presence("", batch, distinct)  # the open parser's rows, which match the stripped lines
    # shape -> 0 takes the per-line path, 1 skippable, 2 fed to the open parser without being classified (no other parser
    # claims it strongly), 3 + k as 2 but its events may be deferred (`_own_deferred`, the row rows[k]), or the patterns
    # to run on its lines
    status: dict[str, Any] = {}
    rows: dict[Any, int] = {}
    theirs_of: dict[tuple[str, ...], list[Any]] = {}  # many shapes leave the same patterns open: asked once a batch
    mine_of: dict[tuple[str, ...], list[Any]] = {}
    for sh in set(shapes):
        v = memo.get(sh)
        if v is None:
            status[sh] = 0
            continue
        their_rx = theirs_of.get(v[0])
        if their_rx is None:
            their_rx = theirs_of[v[0]] = [regex(src) for src in v[0] if present(src)]
        if v[1] is None:
            if their_rx:
                status[sh] = (their_rx, None)
            elif v[2] is not None:  # its events may be deferred: 3 + the row's place in `rows`
                status[sh] = 3 + rows.setdefault(v[2], len(rows))
            else:
                status[sh] = 2
            continue
        my_rx = mine_of.get(v[1])
        if my_rx is None:
            my_rx = mine_of[v[1]] = [regex(src) for src in v[1] if present_stripped(src)]
        status[sh] = (their_rx, my_rx) if their_rx or my_rx else 1
    ok: list[Any] = [status[sh] for sh in shapes]
    for j in failing:
        ok[j] = 0
    if skips:
        for j in skips:
            if j < n:
                ok[j] = 0
    if owners.count(None) != n:
        for j, o in enumerate(owners):
            if o is not None:
                ok[j] = 0
    for j in [j for j, v in enumerate(ok) if v.__class__ is tuple] if any(v.__class__ is tuple for v in status.values()) else ():
        theirs, mine = ok[j]
        line = batch[j]
        if theirs and any(rx.search(line) for rx in theirs):
            ok[j] = 0
        elif mine is None or mine and any(rx.search(line.strip()) for rx in mine):
            ok[j] = 2
        else:
            ok[j] = 1
    loud = [j for j, v in enumerate(ok) if v != 1]
    loud.append(n)
    return ok, loud, list(rows)


def _tail_of(batch: list[str], j: int, end: int, lineno: int) -> list[tuple[int, str]]:
    """The last eight lines of batch[j:end] worth keeping in a block's tail (`_NOT_TAIL`), in order, with their line
    numbers (`lineno` is the number of the line before batch[j]): what feeding them one by one would leave there."""
    take: list[tuple[int, str]] = []
    k = end - 1
    while k >= j and len(take) < 8:
        text_k = batch[k]
        if len(text_k) > 9 or not _NOT_TAIL.match(text_k):
            take.append((lineno + k - j + 1, text_k))
        k -= 1
    take.reverse()
    return take


def _prompts_of(batch: list[str], j: int, end: int, lineno: int, source: str, prompts: list[dict[str, Any]], rx: Any) -> None:
    """(trim s22) The shell prompts with a command in batch[j:end] (`lineno` the number of the line before batch[j])
    added to text.prompts, as feeding the lines one by one adds them: a run the bulk path skips holds them too."""
    if len(prompts) >= 200:
        return
    run = "\n".join(batch[j:end])
    if "$" not in run and "#" not in run and ">" not in run:
        return
    for k in range(j, end):
        line = batch[k]
        if len(prompts) < 200 and ("$" in line or "#" in line or ">" in line) and rx.match(line):
            prompts.append({"source": source, "lineno": lineno + k - j + 1})


def parse_stream(lines: Iterable[str] | TextReader, source: str, parsers: list[type[Parser]] | None = None) -> dict[str, Any]:
    """Split a text into blocks, parse each, and return one facts fragment (plus the block map in `sources`).

    `lines` is an iterable of lines, or a `TextReader` over a file (faster, and it leaves out repeats of a
    parser's bulk region: such a region's lines still count in the line numbers, but are not parsed again)."""
    matcher = _Matcher(parsers if parsers is not None else registry_order())
    out: dict[str, Any] = {}
    blocks: list[dict[str, Any]] = []
    current: Parser | None = None
    count = 0
    pending: list[tuple[int, str]] = []  # unclaimed lines before the first claimed one (a block's preamble)

    closed, omitted = [0], [0]  # blocks closed; blocks not listed (past MAX_BLOCKS, of a tool already listed)
    run_keys: dict[int, tuple[Any, Any]] = {}  # (compact) the closed runs' content keys, walked once
    seen_tools: set[str] = set()

    def close() -> None:
        nonlocal current
        if current is None:
            return
        try:
            current.flush_deferred()
            fragment = current.finish()
        except Exception as exc:  # a parser bug must not lose the rest of the diagnosis
            fragment = {"parse_errors": [{"parser": current.name, "source": source, "error": repr(exc)[:300]}]}
        _merge_fragment(out, fragment)
        closed[0] += 1
        if closed[0] % COMPACT_EVERY == 0:
            factmod.compact(out, MAX_RUNS, run_keys)  # memory flat with log length: repeats folded, runs bounded
        if len(blocks) < MAX_BLOCKS or current.name not in seen_tools:
            blocks.append({"tool": current.name, "start": current.first_line, "end": current.last_line})
        else:
            omitted[0] += 1
        seen_tools.add(current.name)
        current = None

    prefilter = matcher.prefilter
    source_batches: Iterable[list[str]]
    if isinstance(lines, TextReader):
        source_batches = lines.batches(BATCH_LINES, [(r[0], r[1]) for r in prefilter.regions])
    else:
        source_batches = batches(_unquote(lines), BATCH_LINES)
    current_index: int | None = None
    cold_blank, cold_lines = False, 0
    # the last non-blank line since the open block's last claimed line or blank, its claim not asked yet: asked only
    # when a blank line follows (cold_lines > 0 says whether the most recent non-blank line went unclaimed, and
    # matters only once a blank has followed), so a long run of lines without a blank asks no claims at all
    unasked: tuple[str, Any, Any, int | None] | None = None
    bulk_wait = 0  # batches left before the bulk path is tried again
    region_state: dict[str, Any] = {}
    lineno = 0
    failures: list[dict[str, Any]] = []
    failure_count = 0
    tail: deque[tuple[int, str]] = deque(maxlen=8)  # the text's last lines that are not blank, "...", "^C" (see _STALL)
    from doctor.parsers.serial_monitor import _PROMPT_COMMAND  # (trim s22) a shell prompt with a command: text.prompts
    prompts: list[dict[str, Any]] = []
    for batch in source_batches:
        skips: dict[int, int] = {}  # lines of a repeated bulk region left out (counted, not parsed again)
        is_file = isinstance(batch, Batch)
        if isinstance(batch, Batch):
            skips = batch.skips
        # a text quoted or indented and then cut at a console's width has its cut rows without the quote: joined
        # first; one cut and then quoted is joined once the quote is gone (again only when the quote or indent went)
        batch, skips = _unwrap_batch(batch, skips, prefilter.classify)
        if is_file:
            plain = _unquote_batch(_dedent_batch(batch))
            if plain is not batch:
                batch, skips = _unwrap_batch(plain, skips, prefilter.classify)
        batch = _undecorate_batch(batch, prefilter)
        batch = _untick_span_batch(batch, prefilter)
        batch = _unjson_agent_batch(batch)
        owners = prefilter.owners(batch, region_state)
        failing = _failing_lines(batch, owners)
        n_batch = len(batch)
        runs: tuple[list[int], list[int], list[Any]] | None = None  # (bulk path) the lines a run may skip, and the others (_quiet_runs)
        runs_for = current_index
        asked = False
        if BULK and current is not None and current_index is not None:
            if bulk_wait:
                bulk_wait -= 1
            else:
                runs = _quiet_runs(prefilter, current_index, batch, owners, failing, skips)
                asked = True
        strong = [0] * n_batch
        weak = [0] * n_batch
        quiet = runs[0] if runs is not None else None
        if quiet is not None and 0 not in quiet:
            scanned = []
        else:
            scanned = [j for j, o in enumerate(owners) if o is None and (quiet is None or quiet[j] == 0)]
        strong_s, weak_s = prefilter.scan([batch[j] for j in scanned])
        for k, j in enumerate(scanned):
            strong[j] = strong_s[k]
            weak[j] = weak_s[k]
        unscanned = runs is not None  # lines a run may skip have no masks yet
        skip_until = 0
        skipped = 0
        for j, line in enumerate(batch):
            if j < skip_until:
                continue
            if quiet is not None and quiet[j]:
                code = quiet[j]
                if code >= 3:
                    row = runs[2][code - 3]  # type: ignore[index]
                    if current is not None and current_index == runs_for and not cold_blank \
                            and row.kind in current._saturated and current.defer_now():  # type: ignore[attr-defined]
                        # a run of lines whose events are recorded and dropped by the thinning but for the latest: the
                        # per-line path feeds each (as for 2 below); the block builds only the events it keeps
                        end = j + 1
                        while end < n_batch and quiet[end] == code:
                            end += 1
                        tail.extend(_tail_of(batch, j, end, lineno))
                        _prompts_of(batch, j, end, lineno, source, prompts, _PROMPT_COMMAND)
                        current.defer_events(list(zip(range(lineno + 1, lineno + 1 + end - j), batch[j:end])))
                        lineno += end - j
                        count += end - j
                        current.last_line = lineno
                        unasked = (batch[end - 1], None, None, None)
                        BULK_FED[0] += end - j
                        BULK_DEFERRED[0] += end - j
                        skipped += end - j  # (the bulk path pays)
                        skip_until = end
                        continue
                    code = 2
                    skipped += 1  # its events defer once the kind is saturated: the runs stay worth asking
                if code == 2:
                    if current is not None and current_index == runs_for and not cold_blank:
                        # what the per-line path does with it: no other parser claims it strongly and the block is not
                        # cold, so it stays with the block unclassified (its masks asked only if a blank line follows)
                        lineno += 1
                        count += 1
                        if len(line) > 9 or not _NOT_TAIL.match(line):
                            tail.append((lineno, line))
                        if len(prompts) < 200 and ("$" in line or "#" in line or ">" in line) and _PROMPT_COMMAND.match(line):
                            prompts.append({"source": source, "lineno": lineno})  # (trim s22) as the per-line path below
                        unasked = (line, None, None, None)
                        current.last_line = lineno
                        BULK_FED[0] += 1
                        _feed(current, lineno, line, out, source)
                        continue
                elif current is not None and current_index == runs_for and not cold_blank and _settled(current).quiet_now():  # type: ignore[attr-defined]
                    # a run of lines that change nothing but the count, the tail and the block's last line
                    loud = runs[1]  # type: ignore[index]
                    end = loud[bisect.bisect_left(loud, j)]
                    tail.extend(_tail_of(batch, j, end, lineno))
                    _prompts_of(batch, j, end, lineno, source, prompts, _PROMPT_COMMAND)
                    lineno += end - j
                    count += end - j
                    current.last_line = lineno
                    unasked = (batch[end - 1], None, None, None)  # its masks are asked only if a blank line follows
                    skipped += end - j
                    BULK_SKIPPED[0] += end - j
                    skip_until = end
                    continue
                if unscanned:  # the state changed: the lines left to skip take the per-line path, with their masks
                    rest = [k for k in range(j, n_batch) if quiet[k] and owners[k] is None]
                    strong_s, weak_s = prefilter.scan([batch[k] for k in rest])
                    for q, k in enumerate(rest):
                        strong[k] = strong_s[q]
                        weak[k] = weak_s[q]
                    unscanned = False
            if skips and j in skips:  # counted, not parsed again
                lineno += skips[j]
                count += skips[j]
                if current is not None:
                    current.last_line = lineno
            lineno += 1
            count += 1
            if len(prompts) < 200 and ("$" in line or "#" in line or ">" in line) and _PROMPT_COMMAND.match(line):
                prompts.append({"source": source, "lineno": lineno})
            if (line[:1] in _FENCE_START or line[:1].isspace()) and _FENCE.match(line):
                close()
                current_index = None
                pending.clear()
                continue
            owner = owners[j]
            if owner is not None and owner == current_index and current is not None:
                current.last_line = lineno
                _feed(current, lineno, line, out, source)
                continue
            if owner is not None:  # a bulk line outside its parser's block: classify it like any other
                smask, wmask = prefilter.scan([line])
                strong[j], weak[j] = smask[0], wmask[0]
            blank = not line or line.isspace()
            if not blank and (len(line) > 9 or not _NOT_TAIL.match(line)):
                tail.append((lineno, line))
            # A block goes cold once a blank line and a line its parser does not claim have followed its
            # parser's last claimed line (the prose between two pastes in a forum post): then a weak claim
            # by another parser may start the next block, as it would at the top of a text.
            cold = current is not None and cold_blank and cold_lines > 0
            framed = None  # (framing s21) inside a wrapper's block: whether the wrapper claims this line (Parser.frame)
            if not blank and current is not None and current.frame:
                framed = prefilter.claims(current_index, line, strong[j], weak[j])  # type: ignore[arg-type]
                if not cold and not framed and weak[j] & ~(1 << current_index):  # type: ignore[operator]
                    cold = True  # another tool's line inside the wrapper's frame: that tool's block starts here
            if blank:
                i, strength = None, 0
            elif cold:
                assert current_index is not None  # a block is current
                other = ~(1 << current_index)
                i, strength = prefilter.decide(line, strong[j] & other, weak[j] & other, None)
                if i is not None and strength < 2 and (strong[j] >> current_index) & 1 \
                        and prefilter.claims(current_index, line, strong[j], 0):
                    i, strength = None, 0  # another parser's weak claim does not take a line the cold block's own parser claims strongly
            elif strong[j] == 0 and (weak[j] == 0 or current is not None):
                i, strength = None, 0
            elif current_index is not None and not strong[j] & ~(1 << current_index):
                i, strength = None, 0  # the open block's own strong claim only: `_decide` keeps the line with the block
            else:
                i, strength = prefilter.decide(line, strong[j], weak[j], current_index)
            if current is not None:
                if blank:
                    if not cold_blank and unasked is not None:
                        u_line, u_strong, u_weak, u_owner = unasked
                        if u_strong is None:  # the last line of a skipped run
                            u_masks = prefilter.scan([u_line])
                            u_strong, u_weak = u_masks[0][0], u_masks[1][0]
                        claimed = u_owner == current_index or prefilter.claims(current_index, u_line, u_strong, u_weak)  # type: ignore[arg-type]
                        cold_lines = 0 if claimed else 1
                    unasked = None
                    cold_blank = True
                elif not cold_blank:
                    unasked = (line, strong[j], weak[j], owner)
                elif owner == current_index or prefilter.claims(current_index, line, strong[j], weak[j]):  # type: ignore[arg-type]
                    cold_blank, cold_lines = False, 0
                else:
                    cold_lines += 1
            if i is not None and (current is None or (i != current_index and (strength == 2 or cold))):
                cold_blank, cold_lines, unasked = False, 0, None
                close()
                cls = matcher.parsers[i]
                current = cls(source)
                current_index = i
                current.first_line = pending[0][0] if pending else lineno
                for pl, ptext in pending:
                    _feed(current, pl, ptext, out, source)
                if failures and pending:
                    # failure-looking lines just before the block's first claimed line were judged with no tool to
                    # ask; the block's parser now reads them: its benign rows clear them, the others name it
                    held = {pl: ptext for pl, ptext in pending}
                    kept = []
                    for record in failures:
                        held_text = held.get(record["lineno"])
                        # (framing s21) lines a wrapper's block held (Parser.frame) are the new block's tool's as well
                        if held_text is None or (record["tool"] is not None and record["tool"] not in _FRAME_NAMES):
                            kept.append(record)
                        elif not _benign(current, held_text):
                            kept.append({**record, "tool": current.name})
                    failure_count -= len(failures) - len(kept)
                    failures[:] = kept
                pending.clear()
            if j in failing and not (current is not None and _benign(_settled(current), line)):
                failure_count += 1
                record = {"line": line.strip()[:500], "lineno": lineno, "source": source, "tool": current.name if current else None}
                if len(tail) > 1 and tail[-1][0] == lineno:
                    # (trim s22) the line above (a traceback's frame: failure_cues' `unless_above`)
                    record["above"] = tail[-2][1].strip()[:200]
                if len(failures) < MAX_FAILURES:
                    failures.append(record)
                else:
                    failures[MAX_FAILURES // 2 + (failure_count % (MAX_FAILURES // 2))] = record  # keep the first half and recent ones
            if current is None:
                current_index = None
                pending.append((lineno, line))
                if len(pending) > 20:
                    pending.pop(0)
                continue
            if framed is not None:
                # (framing s21) the lines of a wrapper's block it does not claim itself are held, as lines before any
                # block are, for the tool whose block starts next (STM32CubeProgrammer's connection lines before its
                # first claimed line); a line the wrapper claims ends what was held
                if framed or i == current_index:
                    pending.clear()
                else:
                    pending.append((lineno, line))
                    if len(pending) > 20:
                        pending.pop(0)
            current.last_line = lineno
            _feed(current, lineno, line, out, source)
        if asked and (runs is None or 2 * skipped < n_batch):
            bulk_wait = 8  # few lines were skippable: the next batches take the per-line path without asking
        if skips and len(batch) in skips:
            lineno += skips[len(batch)]
            count += skips[len(batch)]
            if current is not None:
                current.last_line = lineno
    close()
    factmod.bound_run_events(out)  # the blocks closed since the last compaction may hold many events
    if failures:
        failures.sort(key=lambda r: r["lineno"])
        out.setdefault("text", {}).setdefault("failures", []).extend(failures)
        text_ns = out["text"]
        text_ns["failure_count"] = int(text_ns.get("failure_count") or 0) + failure_count
        if prompts:  # (trim s22) where a command line starts another command's output (engine._verdicts_after)
            text_ns.setdefault("prompts", []).extend(prompts)
    stall = _stalled_tail(tail, {r["line"] for r in failures}, prefilter)
    if stall is not None:
        tool = next((b["tool"] for b in reversed(blocks) if b["start"] <= stall[0] <= b["end"]), None)
        factmod.mark_stall(out, stall[1], stall[0], source, tool)
    for cls in _settlers():
        cls.settle(out)
    listing: dict[str, Any] = {"name": source, "kind": "pasted", "lines": count, "blocks": blocks}
    if omitted[0]:
        listing["blocks_omitted"] = omitted[0]
    out.setdefault("sources", []).append(listing)
    return out


_FAILURE_STEMS = (
    "error", "fail", "fatal", "cannot", "can't", "can not", "could", "unable to", "not found", "no such", "denied", "refused",
    "timed out", "timeout", "traceback", "exception", "abort", "mismatch", "mis-match", "respond", "no response", "not recogni",
    "resource busy", "not supported", "no device", "not in sync", "shutdown", "lost communication", "invalid", "unexpected", "panic",
    "exist", "acknowledged", "nack", "giving up", "not erased", "corrupt", "unsupported", "no target", "busy", "no dfu", "overflow", "stall",
    "wrong", "illegal", "no answer", "not detected", "undefined reference", "not permitted", "segmentation fault", "core dumped",
    "no rule to make target", "broken pipe", "no space left", "read-only file system", "bad cpu type",
    "permission", "currently open", "line in use", "compatible", "found", "exit", "non-zero", "bad ", "network is down", "network down",
    "in use", "connection", "prozedureinsprungpunkt",
)  # every alternative of _FAILURE contains one of these (checked by tests/test_parsers_failures.py)


_FAIL_MEMO: dict[str, bool] = {}  # line text -> says something failed (bounded, cleared when full)
_STEM_SHAPES: dict[str, bool] = {}  # (_failing_stems) a lower-cased shape -> holds a failure stem (bounded the same way)
_FAIL_MEMO_MAX = 50000


def _failing_lines(batch: list[str], owners: list[Any]) -> set[int]:
    """Indexes of the batch's lines that say something failed. The lines no bulk owner took (klippy's Stats
    lines and config dump never count) are judged once per distinct text (a restart loop repeats its errors
    thousands of times): the new texts go to `_failing_texts`, the answers are remembered."""
    n = len(batch)
    cand = list(range(n)) if owners.count(None) == n else [j for j, o in enumerate(owners) if o is None]
    if not cand:
        return set()
    memo = _FAIL_MEMO
    if BULK and len(set(batch[:256] if len(cand) == n else [batch[j] for j in cand[:256]])) > 240:  # lines that do not repeat: the memo would not save their scan
        found = _failing_stems(batch, cand, memo)
        if found is not None:
            return found
    todo = list(dict.fromkeys(batch[j] for j in cand if batch[j] not in memo))
    if todo:
        if len(memo) + len(todo) > _FAIL_MEMO_MAX:
            memo.clear()
            todo = list(dict.fromkeys(batch[j] for j in cand))
        failing = _failing_texts(todo)
        for k, text in enumerate(todo):
            memo[text] = k in failing
    return {j for j in cand if memo[batch[j]]}


def _failing_stems(batch: list[str], cand: list[int], memo: dict[str, bool]) -> set[int] | None:
    """(bulk path) `_failing_lines` without a look at every line: the stems are found in the batch's joined, lower-cased
    text (C speed), and only the lines holding one are judged (remembered per text as there). The same answer, since a
    line fails only when it holds a stem; None when lower-casing changed the text's length (then each line is mapped
    as `_failing_texts` does)."""
    texts = batch if len(cand) == len(batch) else [batch[j] for j in cand]
    joined = "\n".join(texts)
    low = joined.lower()
    if len(low) != len(joined):
        return None
    found: set[int] = set()
    distinct: list[str] = []
    shapes: list[str] = []
    if len(set(texts[:256])) <= 64 or len(set("\n".join(texts[:256]).translate(_DIGITS_AS_0).split("\n"))) <= 64:
        # (a sample: prose does not pay the shapes)
        shapes = low.translate(_DIGITS_AS_0).split("\n")
        distinct = list(dict.fromkeys(shapes)) if len(shapes) == len(texts) else []
    if distinct and 4 * len(distinct) <= len(shapes):
        # a log's lines repeat their shapes (digits as 0): no stem has a digit, so a line holds one exactly when its
        # shape does, and the stems are looked for in the few distinct shapes only (each shape once: remembered)
        known = _STEM_SHAPES
        new = [sh for sh in distinct if sh not in known]
        if new:
            if len(known) + len(new) > _FAIL_MEMO_MAX:
                known.clear()
                new = distinct
            hit = _stem_hits(new, "\n".join(new))
            for k, sh in enumerate(new):
                known[sh] = k in hit
        stemmed = {sh for sh in distinct if known[sh]}
        hits: Iterable[int] = [k for k, sh in enumerate(shapes) if sh in stemmed] if stemmed else ()
    else:
        hits = _stem_hits(texts, low)
    for k in hits:
        text = texts[k]
        v = memo.get(text)
        if v is None:
            if len(memo) >= _FAIL_MEMO_MAX:
                memo.clear()
            v = memo[text] = bool(_failing_texts([text]))
        if v:
            found.add(cand[k] if texts is not batch else k)
    return found


def _stem_hits(texts: list[str], low: str) -> set[int]:
    """Indexes of the texts that hold a failure stem, found with str.find (C speed) in `low`, the texts joined by
    newlines and lower-cased (as long as the join: each text's place is its offset); the rest of a line is the
    regex's to decide, so the search goes on from the next line."""
    starts: list[int] | None = None
    hit: set[int] = set()
    for stem in _FAILURE_STEMS:
        i = low.find(stem)
        while i >= 0:
            if starts is None:
                starts = [0]
                for text in texts:
                    starts.append(starts[-1] + len(text) + 1)
            k = bisect.bisect_right(starts, i) - 1
            hit.add(k)
            i = low.find(stem, starts[k + 1])
    return hit


def _failing_texts(texts: list[str]) -> set[int]:
    """Indexes of the texts that say something failed: joined and lower-cased once; each stem is found with
    str.find (C speed), and only the texts holding one are matched against _FAILURE."""
    found: set[int] = set()
    for k in _stem_hits(texts, "\n".join(texts).lower()):
        text = texts[k]
        if _FAILURE.search(text.lower()) and (not _NOT_FAILURE.search(text) or _FAILURE.search(_NOT_FAILURE.sub("", text).lower())):
            found.add(k)
        elif _EXCEPTION_LINE.match(text):
            found.add(k)
    return found


def _benign(parser: Parser, line: str) -> bool:
    """The block's parser knows this failure-looking line is harmless (its `benign` rows or patterns; a parser whose
    answer depends on what came before has `benign_now`, as dfu-util's status error after a download)."""
    now = getattr(parser, "benign_now", None)
    if now is not None:
        return bool(now(line))
    table = getattr(parser, "table", None)
    if table is not None and table.benign(line.strip()):
        return True
    patterns = getattr(parser, "benign", ())
    return any(re.search(p, line) for p in patterns)


def _settled(parser: Parser) -> Parser:
    """The parser with its deferred events built (Parser.defer_events), before anything reads it."""
    if parser._deferred:
        try:
            parser.flush_deferred()
        except Exception:  # noqa: BLE001 - a parser bug must not lose the rest of the text (its next feed records one)
            parser._deferred = None
    return parser


def _feed(parser: Parser, lineno: int, line: str, out: dict[str, Any], source: str) -> None:
    try:
        if parser._deferred:
            parser.flush_deferred()
        parser.feed(lineno, line)
    except Exception as exc:  # noqa: BLE001 - recorded, never raised
        out.setdefault("parse_errors", []).append({"parser": parser.name, "source": source, "line": lineno, "error": repr(exc)[:300]})


def _merge_fragment(out: dict[str, Any], fragment: dict[str, Any]) -> None:
    factmod.merge(out, fragment)


def analyze_files(paths: list[str]) -> dict[str, Any]:
    """Parse files (or '-' for standard input) into one snapshot."""
    import sys

    from doctor.errors import UsageError
    from doctor.snapshot_check import open_text, text_stream

    from doctor import resemblance

    snapshot = factmod.new("analyze")
    words: set[str] = set()
    for path in paths:
        # bounded before reading (doctor.snapshot_check): devices refused, a pipe cut at MAX_TEXT_BYTES, NUL noise refused
        stream = text_stream(sys.stdin.buffer, "standard input") if path == "-" else open_text(path)
        sampler = resemblance.Sampler(stream)  # its head and tail, for what the text resembles (doctor/resemblance.py)
        try:
            fragment = parse_stream(TextReader(sampler, max_line=MAX_LINE), "stdin" if path == "-" else _display_name(path))  # type: ignore[arg-type]
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
        finally:
            if path != "-":
                stream.close()
        if stream.truncated:
            fragment["sources"][-1]["truncated_at"] = stream.read_bytes  # only this many bytes were analysed
        factmod.merge(snapshot, fragment)
        words |= resemblance.words_of(sampler.text())
    snapshot = factmod.collapse_repeats(snapshot)
    kept = resemblance.known_words(words)
    if kept:
        snapshot.setdefault("text", {})["words"] = kept
    return snapshot


def _display_name(path: str) -> str:
    import os

    return os.path.basename(path) or path


def parse_text(text: str, source: str, *, run: dict[str, Any] | None = None) -> dict[str, Any]:
    """Parse one tool's output that doctor captured itself (active probes, drivers).

    `run` (argv, returncode, status, duration...) is copied into every run record the text produced,
    and the records are marked origin "live", so rules judge a live run like a pasted one.
    """
    fragment = parse_stream(iter(text.splitlines()), source)
    fragment.pop("text", None)  # the failure scan is for pasted text: a live tool's output is judged by its run
    for value in fragment.values():
        if isinstance(value, dict):
            for rec in value.get("runs", []) or []:
                rec["origin"] = "live"
                if run:
                    for key, item in run.items():
                        rec.setdefault(key, item)
    return fragment
