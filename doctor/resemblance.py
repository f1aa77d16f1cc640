"""What a pasted text resembles: the resolved real threads of `tests/cases` nearest to it.

When no rule explains a text (the fallback phase of `doctor.engine.evaluate` would end on GEN001, or on silence),
the threads doctor's corpus holds still know something: a text that shares its rarer words and word pairs with
threads resolved as one cause most likely has that cause. This module keeps an index of those threads (their words,
their resolved fault id, their address) in `knowledge/resemblance.json.gz`, made from the case folders by
`python -m doctor.resemblance build` (tests/test_resemblance.py fails when it no longer matches them), and answers
with the nearest threads and what they were resolved as.

How it reads a text (the same for a thread of the index and a text being analysed): the first and the last
`SAMPLE` bytes of each file (`Sampler`), lower-cased; its words (`_TOKEN`: names, `0x` numbers, `vid:pid` pairs), a
short list of function words left out, and each pair of neighbouring words; only those two or more threads hold and
at most `MAX_DF` of them (`vocab`). The nearest threads: cosine over the words weighted by their rarity (idf), the
`K` nearest voting with their similarity cubed; a thread at `SAME_TEXT` or nearer holds the same paste, and its
resolution alone decides. A second reading, naive Bayes over the same words (`_bayes`), must
agree where nothing in the text failed.

When it speaks (measured, docs/architecture.md "What a text resembles"): only in the fallback phase; where the text
holds an unexplained failure (GEN001 fires) the vote's share must reach `SHARE_FAILED`; where the text shows no failure
at all, `SHARE_SILENT` and the Bayes reading must name the same id. It never names GEN001 or "none", and the finding it
makes carries no automatic action (`doctor fix` plans nothing from a resemblance).
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import math
import re
import sys
import tomllib
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

INDEX_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "resemblance.json.gz"  # in a checkout (`build` writes it); read as doctor.knowledge data
WORDS_NAME = "resemblance_words.txt.gz"  # beside it: the index's word list alone
SAMPLE = 100_000  # bytes kept from the head and from the tail of each file
MAX_DF = 0.3  # a word more than this share of the threads hold says nothing
K = 5
POWER = 3
SHARE_FAILED = 0.5
SHARE_SILENT = 0.6
SAME_TEXT = 0.9  # a thread this similar holds the same paste: its resolution alone decides (a cause or none)
ALPHA = 0.1  # the Bayes reading's smoothing
_TOKEN = re.compile(r"0x[0-9a-f]+|[0-9a-f]{4}:[0-9a-f]{4}|[a-z_][a-z0-9_]{1,30}")
_STOP = frozenset(
    "the and for you are this that with not but have was from can what when your will has any there all its use "
    "using into then than they them just also out get got one".split()
)
_NOT_A_CAUSE = ("none", "GEN001")


class Sampler:
    """A binary stream passed through unchanged, its first and last `SAMPLE` bytes kept (`text()`)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def read(self, size: int = -1) -> Any:
        data = self._stream.read(size)
        if data and isinstance(data, (bytes, bytearray)):
            self.total += len(data)
            room = SAMPLE - len(self.head)
            if room > 0:
                self.head += data[:room]
                data_rest = data[room:]
            else:
                data_rest = data
            if data_rest:
                self.tail += data_rest
                if len(self.tail) > 2 * SAMPLE:
                    del self.tail[: len(self.tail) - SAMPLE]
        return data

    def text(self) -> str:
        if self.total <= 2 * SAMPLE:  # the whole file, as `file_text` reads it
            return sample_text(bytes(self.head + self.tail))
        return sample_text(bytes(self.head), bytes(self.tail[-SAMPLE:]))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def sample_text(head: bytes, tail: bytes = b"") -> str:
    return (head + (b"\n" + tail if tail else b"")).decode("utf-8", "replace")


def words_of(text: str) -> set[str]:
    """A text's words and neighbouring word pairs (lower-cased; function words left out)."""
    found = [w for w in _TOKEN.findall(text.lower()) if w not in _STOP]
    out = set(found)
    out.update(a + " " + b for a, b in zip(found, found[1:]))
    return out


def file_text(path: Path) -> str:
    """A case file's text as the index reads it: whole up to 2 x SAMPLE bytes, else its head and tail."""
    with open(path, "rb") as f:
        data = f.read(2 * SAMPLE + 1)
        if len(data) <= 2 * SAMPLE:
            return sample_text(data)
        f.seek(-SAMPLE, 2)
        return sample_text(data[:SAMPLE], f.read(SAMPLE))


# ---------------------------------------------------------------------------------------------------------- the index


def build(folders: Iterable[Path]) -> dict[str, Any]:
    """The index of every case folder (`case.toml` beside its texts) under `folders`."""
    threads = []
    for folder in folders:
        for toml in sorted(Path(folder).glob("*/case.toml")):
            case = toml.parent
            meta = tomllib.loads(toml.read_text(encoding="utf-8"))
            expect = meta.get("expect") or ["none"]
            words: set[str] = set()
            for f in sorted(case.iterdir()):
                if f.is_file() and f.name != "case.toml":
                    words |= words_of(file_text(f))
            source = meta.get("source") or ""
            if isinstance(source, list):
                source = source[0] if source else ""
            threads.append((case.name, str(expect[0]), str(source).strip(), words))
    df: dict[str, int] = defaultdict(int)
    for *_, words in threads:
        for w in words:
            df[w] += 1
    n = len(threads)
    vocab = sorted(w for w, c in df.items() if 2 <= c <= n * MAX_DF)
    at = {w: i for i, w in enumerate(vocab)}
    idf = [math.log(n / df[w]) for w in vocab]
    postings: list[list[int]] = [[] for _ in vocab]
    listed = []
    for j, (name, fid, source, words) in enumerate(threads):
        ids = sorted(at[w] for w in words if w in at)
        for i in ids:
            postings[i].append(j)
        norm = math.sqrt(sum(idf[i] ** 2 for i in ids)) or 1.0
        listed.append({"case": name, "id": fid, "source": source, "n": len(ids), "norm": round(norm, 9)})
    return {"format": 3, "vocab": vocab, "threads": listed, "postings": [" ".join(map(str, p)) for p in postings]}


def write(index: dict[str, Any], path: Path = INDEX_PATH) -> None:
    """Two files: the word list alone (`WORDS_NAME`, read by every analysis) and the rest (read only when a
    resemblance is asked for): the threads, and for each word the threads that hold it (`postings`, one string of
    thread numbers a word, parsed only for the words a text holds)."""
    words = "\n".join(index["vocab"]).encode()
    path.with_name(WORDS_NAME).write_bytes(gzip.compress(words, compresslevel=9, mtime=0))
    rest = {k: v for k, v in index.items() if k != "vocab"}
    path.write_bytes(gzip.compress(json.dumps(rest, separators=(",", ":"), sort_keys=True).encode(), compresslevel=9, mtime=0))


class Index:
    """The index read for questions: a word's threads are parsed when a text first holds it."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.vocab: list[str] = raw["vocab"]
        self.threads: list[dict[str, Any]] = raw["threads"]
        self._postings: list[str] = raw["postings"]
        self._parsed: dict[int, list[int]] = {}
        self._at: dict[str, int] | None = None
        self.by_id: dict[str, int] = defaultdict(int)
        self.totals: dict[str, int] = defaultdict(int)
        for t in self.threads:
            self.by_id[t["id"]] += 1
            self.totals[t["id"]] += t["n"]

    @property
    def at(self) -> dict[str, int]:
        if self._at is None:
            self._at = {w: i for i, w in enumerate(self.vocab)}
        return self._at

    def holders(self, i: int) -> list[int]:
        got = self._parsed.get(i)
        if got is None:
            got = self._parsed[i] = [int(j) for j in self._postings[i].split()]
        return got

    def idf(self, i: int) -> float:
        return math.log(len(self.threads) / len(self.holders(i)))

    def ids_of(self, words: Iterable[str]) -> list[int]:
        at = self.at
        return sorted({at[w] for w in words if w in at})

    def words_by_thread(self) -> list[list[int]]:
        """Each thread's word numbers (one walk over every word's threads: for benchmarks/resemblance_loo.py)."""
        out: list[list[int]] = [[] for _ in self.threads]
        for i in range(len(self.vocab)):
            for j in self.holders(i):
                out[j].append(i)
        return out

    def nearest(self, ids: list[int], exclude: int | None = None) -> list[tuple[float, int]]:
        """The `K` threads nearest to a text's word ids: (similarity, thread), nearest first. `exclude`: a thread
        left out (benchmarks/resemblance_loo.py reads each thread of the index as if it were new)."""
        weights = {i: self.idf(i) for i in ids}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        acc: dict[int, float] = defaultdict(float)
        for i, w in weights.items():
            for j in self.holders(i):
                acc[j] += w * w / norm / self.threads[j]["norm"]
        acc.pop(exclude, None)  # type: ignore[arg-type]
        return sorted(((s, j) for j, s in acc.items()), key=lambda p: (-p[0], p[1]))[:K]

    def bayes(self, ids: list[int], exclude: int | None = None) -> str | None:
        """Naive Bayes over the same words: the id whose threads most often hold the text's words."""
        n = len(self.threads)
        size = len(self.vocab)
        out = self.threads[exclude] if exclude is not None else None
        counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for i in ids:
            for j in self.holders(i):
                if j != exclude:
                    counts[self.threads[j]["id"]][i] += 1
        best: tuple[float, str] | None = None
        for fid, count in sorted(self.by_id.items()):
            own = out is not None and out["id"] == fid
            count -= 1 if own else 0
            if count <= 0:
                continue
            total = self.totals[fid] - (out["n"] if own and out else 0)
            denominator = math.log(total + ALPHA * size)
            held = counts.get(fid, {})
            score = math.log(count / (n - (1 if out else 0))) + sum(math.log(held.get(i, 0) + ALPHA) - denominator for i in ids)
            if best is None or score > best[0]:
                best = (score, fid)
        return best[1] if best else None


def _data(name: str) -> bytes:
    return gzip.decompress(importlib.resources.files("doctor.knowledge").joinpath(name).read_bytes())


@lru_cache(maxsize=1)
def _vocab_list() -> tuple[str, ...]:
    try:
        return tuple(_data(WORDS_NAME).decode().split("\n"))
    except (OSError, ValueError):
        return ()


@lru_cache(maxsize=1)
def _vocab() -> frozenset[str]:
    return frozenset(_vocab_list())


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any] | None:
    """The index as `build` returns it, or None when it is not installed."""
    vocab = _vocab_list()
    try:
        stored = json.loads(_data(INDEX_PATH.name))
    except (OSError, ValueError):
        return None
    if not vocab or len(stored.get("postings", ())) != len(vocab):
        return None
    return dict(stored, vocab=list(vocab))


@lru_cache(maxsize=1)
def index() -> Index | None:
    raw = _raw()
    return Index(raw) if raw else None


def known_words(words: Iterable[str]) -> list[str]:
    """The words of a text the index knows (what a snapshot keeps: `text.words`), sorted."""
    vocab = _vocab()
    return sorted(w for w in words if w in vocab)


def guess(words: Iterable[str], *, failed: bool, exclude: int | None = None) -> dict[str, Any] | None:
    """The cause the nearest resolved threads share, or None: {"id", "share", "neighbours": [{case, id, source,
    similarity}]} (the neighbours resolved as that id, nearest first). `failed`: the text holds a failure no rule
    explains (else it shows none). `exclude`: a thread of the index left out."""
    idx = index()
    if idx is None:
        return None
    ids = idx.ids_of(words)
    if not ids:
        return None
    near = idx.nearest(ids, exclude)
    if near and near[0][0] >= SAME_TEXT:  # the same paste, resolved: its thread alone decides
        fid = idx.threads[near[0][1]]["id"]
        if fid in _NOT_A_CAUSE:
            return None
        return {"id": fid, "share": 1.0, "neighbours": _neighbours(idx, near, fid)}
    votes: dict[str, float] = defaultdict(float)
    for sim, j in near:
        votes[idx.threads[j]["id"]] += sim**POWER
    total = sum(votes.values())
    if not total:
        return None
    fid, weight = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    share = weight / total
    if fid in _NOT_A_CAUSE:
        return None
    if share < (SHARE_FAILED if failed else SHARE_SILENT):
        return None
    if not failed and idx.bayes(ids, exclude) != fid:
        return None
    return {"id": fid, "share": round(share, 2), "neighbours": _neighbours(idx, near, fid)}


def _neighbours(idx: Index, near: list[tuple[float, int]], fid: str) -> list[dict[str, Any]]:
    return [
        {"case": idx.threads[j]["case"], "id": fid, "source": idx.threads[j]["source"], "similarity": round(sim, 2)}
        for sim, j in near
        if idx.threads[j]["id"] == fid
    ]


def main(argv: list[str]) -> int:
    if argv[:1] != ["build"]:
        print("usage: python -m doctor.resemblance build [CASE_FOLDER ...]  (default: tests/cases)")
        return 2
    root = INDEX_PATH.parent.parent
    folders = [Path(a) for a in argv[1:]] or [root / "tests" / "cases"]
    index_data = build(folders)
    write(index_data)
    print(f"{INDEX_PATH}: {len(index_data['threads'])} threads, {len(index_data['vocab'])} words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
