#!/usr/bin/env python3
"""Is a public thread already one of the project's cases? `python3 benchmarks/thread_used.py URL...` prints `used` or
`new` for each address, against tests/cases, tests/misses, ../shared/cases and any folders given with --also (a round's
own folder while it gathers). A round checks each thread before writing it, so one thread is never counted twice.

Addresses are compared in a normal form: scheme, `www.`, anchors and trailing slashes dropped; a forum's topic
parameters kept (`viewtopic.php?t=4126`; a post or forum id beside a topic id dropped: `?f=3&t=4126&p=9` is that topic);
a reddit thread reduced to its id on any host (old., np., redd.it); a Stack Exchange question, a Discourse topic, a GitHub issue/pull/discussion
and an ST community thread reduced to the site and the number (or the thread's title for ST), whatever the slug or
the message id after it."""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_KEEP = ("t", "p", "topic", "threadid", "tid", "id", "f", "showtopic", "thread")
_TOPIC = ("t", "topic", "threadid", "tid", "showtopic", "thread")


def norm(url: str) -> str:
    u = url.strip().split("#")[0]
    if "?" in u:
        base, query = u.split("?", 1)
        keep = sorted(kv for kv in query.split("&") if kv.split("=")[0].lower() in _KEEP)
        if any(kv.split("=")[0].lower() in _TOPIC for kv in keep):  # a topic names the thread: its post and forum ids do not
            keep = [kv for kv in keep if kv.split("=")[0].lower() not in ("p", "f")]
        u = base + ("?" + "&".join(keep) if keep else "")
    u = re.sub(r"^https?://(www\.)?", "", u.rstrip("/").lower())
    for pattern, form in ((r"community\.st\.com/t5/[^/]+/([^/]+)/(?:td|m)-p/", "st/{0}"),
                          (r"([^/]+)/(?:questions|q)/(\d+)", "{0}/q/{1}"),
                          (r"([^/]+)/t/(?:[^/]*[^/\d][^/]*/)?(\d+)(?:/\d+)?$", "{0}/t/{1}"),
                          (r"github\.com/([^/]+/[^/]+)/(?:issues|pull|discussions)/(\d+)", "github.com/{0}/{1}"),
                          (r"(?:(?:old|new|np|m)\.)?reddit\.com/(?:r/[^/]+/)?comments/([a-z0-9]+)", "reddit/{0}"),
                          (r"redd\.it/([a-z0-9]+)$", "reddit/{0}")):
        m = re.match(pattern, u)
        if m:
            return form.format(*m.groups())
    return u


def known(folders: list[Path]) -> set[str]:
    seen: set[str] = set()
    for folder in folders:
        for case in folder.rglob("case.toml"):
            try:
                data = tomllib.loads(case.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            for value in (data.get("source"), data.get("sources")):
                for text in [value] if isinstance(value, str) else (value or []):
                    seen.update(norm(u.rstrip("),.;")) for u in re.findall(r"https?://\S+", str(text)))
    return seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("urls", nargs="+")
    ap.add_argument("--also", action="append", default=[], type=Path, help="another folder of cases (repeatable)")
    args = ap.parse_args(argv)
    seen = known([ROOT / "tests" / "cases", ROOT / "tests" / "misses", ROOT.parent / "shared" / "cases", *args.also])
    for url in args.urls:
        print("used" if norm(url) in seen else "new", url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
