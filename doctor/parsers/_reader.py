"""Reading a text file into the splitter's batches at C speed, with repeated bulk regions left out.

A line reader (a `readline` and a decode per line) costs about a quarter of a second per 100,000 lines, most
of the time on a long log of short lines. `TextReader` reads blocks of bytes instead, decodes them incrementally (UTF-8, undecodable bytes replaced),
and splits them with `str.split`, so the per-line cost is a list element.

It also does two things a line reader cannot do cheaply:

- **Line endings.** CRLF, LF and a lone CR (old macOS, some serial terminals, progress bars) all end a line,
  so the same paste diagnoses the same whichever way it was saved. NULs are dropped, lines longer than
  `max_line` are cut, and a line with no newline for megabytes is never held whole.
- **Forum typography.** A paste copied from a rendered web page may carry what the page made of the tool's
  plain text: curly quotes and apostrophes, non-breaking and thin spaces, an ellipsis character, en and em
  dashes for a flag's `-`, zero-width characters, or HTML entities (`&quot;`, `&#39;`). They are folded back
  to the ASCII the tools print (`_plain`), so `mcu ‘mcu’: Unable to connect` reads like the tool's own line.
  An ASCII block costs one `isascii` (and one `&` search); the fold runs only where such a character is.
- **Repeated regions.** A parser may declare `bulk_regions`: (start line prefix, end line prefix) pairs of
  blocks it owns whole (klippy.log's config dump between `===== Config file =====` and
  `=======================`). klippy writes that dump at every start, so a restart loop repeats the same
  600 lines thousands of times. A region whose text is identical to one already read from this text is
  not handed over again: the batch records how many lines it left out where (`Batch.skips`), so line
  numbers stay true. A region that differs (the user edited printer.cfg between restarts) is read in full.
"""

from __future__ import annotations

import codecs
import re
from typing import IO, Iterator, Sequence

BLOCK = 1 << 20  # bytes read at a time
MAX_REGION = 4 << 20  # a region longer than this (characters) is read line by line, never held to compare
MAX_SEEN = 8  # distinct region texts remembered per text


_FOLD = {
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ",  # no-break, en, em, figure, thin spaces
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",  # curly single quotes, prime
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',  # curly double quotes, double prime
    "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",  # hyphens, en/em dash, minus
    "\u2026": "...",  # ellipsis
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",  # zero-width, BOM
}
_FOLD_RE = re.compile("[" + "".join(_FOLD) + "]")
_ENTITY = {"quot": '"', "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": " ", "#39": "'", "#x27": "'", "#34": '"', "#x22": '"', "#47": "/", "#x2F": "/"}
_ENTITY_RE = re.compile("&(" + "|".join(re.escape(k) for k in _ENTITY) + ");")


def _plain(text: str) -> str:
    """Forum typography folded back to the tools' ASCII (see the module's docstring)."""
    if not text.isascii():
        text = _FOLD_RE.sub(lambda m: _FOLD[m.group()], text)
    if "&" in text and ";" in text:
        text = _ENTITY_RE.sub(lambda m: _ENTITY[m.group(1)], text)
    return text


def _lf(text: str) -> str:
    """NULs dropped; CRLF and a lone CR made LF; forum typography folded (`_plain`)."""
    return _plain(text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n"))


class Batch(list):  # type: ignore[type-arg]
    """Lines for the splitter; `skips[i] = n`: n lines of a repeated region were left out before line i
    (i == len(batch): after the last line)."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.skips: dict[int, int] = {}


class TextReader:
    """Batches of lines from a binary or text stream, repeated bulk regions left out (see `Batch`)."""

    def __init__(self, stream: IO[bytes] | IO[str], *, max_line: int = 4096) -> None:
        self.stream = stream  # bounded by its opener (doctor.snapshot_check.BoundedStream for files and pipes)
        self.max_line = max_line

    def _blocks(self) -> Iterator[str]:
        """Decoded blocks with line endings made LF; a block never ends inside a CRLF pair."""
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        read = self.stream.read
        held = ""
        while True:
            raw = read(BLOCK)
            if not raw:
                text = held + (decoder.decode(b"", final=True) if not isinstance(raw, str) else "")
                if text:
                    yield _lf(text)
                return
            text = held + (raw if isinstance(raw, str) else decoder.decode(raw))
            held = ""
            if text.endswith("\r"):  # its LF may start the next block
                held, text = "\r", text[:-1]
            yield _lf(text)

    def batches(self, size: int, regions: Sequence[tuple[str, str]] = ()) -> Iterator[Batch]:
        """Lists of at most `size` lines (a `Batch`: its `skips` say where lines of a repeated region were left out)."""
        pending = Batch()
        for piece in self._pieces(regions):
            if isinstance(piece, int):
                pending.skips[len(pending)] = pending.skips.get(len(pending), 0) + piece
                continue
            pending.extend(piece)
            while len(pending) >= size:
                head = Batch(pending[:size])
                rest = Batch(pending[size:])
                for k, n in pending.skips.items():
                    if k < size:
                        head.skips[k] = n
                    else:
                        rest.skips[k - size] = n
                yield head
                pending = rest
        if pending or pending.skips:
            yield pending

    def _pieces(self, regions: Sequence[tuple[str, str]]) -> Iterator[list[str] | int]:
        """Lists of whole lines, and ints: that many lines of a repeated region left out."""
        max_line = self.max_line
        seen: set[str] = set()
        starts = [("\n" + start, "\n" + end) for start, end in regions if start and end]
        buf = ""
        skipping = False  # inside an overlong line: drop characters up to its newline
        blocks = self._blocks()
        exhausted = False
        while not exhausted or buf:
            if not exhausted:
                block = next(blocks, None)
                if block is None:
                    exhausted = True
                else:
                    buf += block
            if skipping:
                nl = buf.find("\n")
                if nl < 0:
                    buf = ""
                    continue
                buf = buf[nl + 1 :]
                skipping = False
            cut = len(buf) if exhausted else buf.rfind("\n") + 1  # whole lines only, unless the text ended
            if cut <= 0:
                if len(buf) > max_line * 4:  # no newline for a long way: keep the line's start, drop the rest
                    yield [buf[:max_line]]
                    buf, skipping = "", True
                continue
            text, buf = buf[:cut], buf[cut:]
            if starts and not exhausted:
                text, carry = self._hold_open_region(text, starts)
                buf = carry + buf
            for piece in self._elide(text, starts, seen):
                if isinstance(piece, int):
                    yield piece
                    continue
                lines = piece.split("\n")
                if lines and lines[-1] == "":
                    lines.pop()
                if lines:
                    if max(map(len, lines)) > max_line:
                        lines = [line[:max_line] for line in lines]
                    yield lines

    @staticmethod
    def _hold_open_region(text: str, starts: list[tuple[str, str]]) -> tuple[str, str]:
        """Text up to a region that starts in it but does not end in it, and that region's start (carried into
        the next block so the region can be compared whole); regions longer than MAX_REGION are not held."""
        probe = "\n" + text
        for start, end in starts:
            s = probe.rfind(start)
            if s < 0:
                continue
            if probe.find(end, s + len(start)) >= 0:
                continue
            if len(probe) - s > MAX_REGION:
                continue
            return text[:s], text[s:]  # s in probe is s - 1 in text, plus the line's leading "\n": the same index
        return text, ""

    def _elide(self, text: str, starts: list[tuple[str, str]], seen: set[str]) -> Iterator[str | int]:
        """The text in pieces, each repeated region replaced by its line count."""
        if not starts:
            yield text
            return
        probe = "\n" + text  # every line start is after a "\n"
        pos = 0  # in probe
        while True:
            best = -1
            pair = None
            for start, end in starts:
                s = probe.find(start, pos)
                if s >= 0 and (best < 0 or s < best):
                    best, pair = s, (start, end)
            if pair is None:
                break
            e = probe.find(pair[1], best + len(pair[0]))
            if e < 0:
                break
            stop = probe.find("\n", e + 1)
            stop = len(probe) if stop < 0 else stop  # the end line's newline
            region = probe[best + 1 : stop]
            if region in seen:
                if best > pos:
                    yield probe[pos + 1 : best + 1]
                yield region.count("\n") + 1
            else:
                if len(seen) < MAX_SEEN and len(region) <= MAX_REGION:
                    seen.add(region)
                yield probe[pos + 1 : stop + 1]
            pos = stop
            if pos >= len(probe):
                return
        if pos + 1 < len(probe) + 1:
            rest = probe[pos + 1 :]
            if rest:
                yield rest
